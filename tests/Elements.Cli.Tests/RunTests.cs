using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Testing.Golden;

namespace Elements.Cli.Tests;

/// <summary><c>elements run SCRIPT.csx --app DIR [-- args]</c> (Roslyn scripting).</summary>
public sealed class RunTests
{
    private const string Todo = """
        { "title": "Todo", "type": "models.NormalType", "fields": [
          { "name": "id", "dataType": "AutoInt", "primaryKey": true },
          { "name": "text", "dataType": "Stext", "maxLen": 64 } ] }
        """;

    [Fact]
    public async Task Script_reads_and_writes_through_GetElement_with_args_output_and_exit_code()
    {
        using var app = TempApp.Create();
        app.Write("models/Todo/e.json", Todo);
        var script = app.Write("../seed.csx", """
            using Elements.Std.Models;
            var todo = app.GetElement<ModelElement>("models.Todo");
            foreach (var text in args)
            {
                await app.InvokeAsync("models.Todo", "create", new JsonObject { ["rowData"] = new JsonObject { ["text"] = text } });
            }

            var page = await app.InvokeAsync("models.Todo", "query", new JsonObject { ["orderList"] = new JsonArray(new JsonArray("id", 1)) });
            Console.WriteLine($"{todo.Schema.Table}: {page!["totalCount"]} row(s)");
            return args.Length == 2 ? 7 : 0;
            """);
        var (exitCode, stdout, stderr) = await CliRunner.Run("run", script, "--app", app.Root, "--", "tea", "cake");
        Assert.Equal("", stderr);
        Assert.Equal(7, exitCode);
        Assert.Equal("models_Todo: 2 row(s)\n", stdout.Replace("\r\n", "\n"));

        // The rows are really there: another command reads them.
        var (queried, rows, _) = await CliRunner.Run("invoke", "models.Todo", "query", "--app", app.Root);
        Assert.Equal(0, queried);
        Assert.Equal(["tea", "cake"], JsonNode.Parse(rows)!["rowDatas"]!.AsArray().Select(r => (string)r!["text"]!));
    }

    [Fact]
    public async Task Numbers_a_script_reads_cast_to_any_numeric_type()
    {
        using var app = TempApp.Create();
        app.Write("models/Todo/e.json", Todo);
        var script = app.Write("../numbers.csx", """
            var row = await app.InvokeAsync("models.Todo", "create", new JsonObject { ["rowData"] = new JsonObject { ["text"] = "tea" } });
            var page = await app.InvokeAsync("models.Todo", "query", new JsonObject());
            var id = row!["id"]!;
            var total = page!["totalCount"]!;
            var first = page["rowDatas"]![0]!["id"]!;
            Console.WriteLine($"{(int)id} {(long)id} {(double)id} {(decimal)id} {(int)total} {(short)total} {(int)first}");
            """);
        var (exitCode, stdout, stderr) = await CliRunner.Run("run", script, "--app", app.Root);
        Assert.True(stderr == "", stderr);
        Assert.Equal(0, exitCode);
        Assert.Equal("1 1 1 1 1 1 1\n", stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task Scripts_get_the_implicit_usings_of_a_console_app()
    {
        using var app = TempApp.Create();
        // No using directives: File, Path, HttpClient, CancellationToken, Task, List and JsonObject resolve as in a
        // console app with implicit usings.
        var script = app.Write("../files.csx", """
            var file = Path.Combine(args[0], "note.txt");
            File.WriteAllText(file, "written by a script");
            var timeout = new HttpClient().Timeout;
            await Task.Delay(1, CancellationToken.None);
            var lines = new List<string>(File.ReadAllLines(file)) { new JsonObject { ["ok"] = true }.ToJsonString() };
            Console.WriteLine(string.Join("|", lines.Select(l => l.ToUpperInvariant())));
            """);
        var folder = Path.GetDirectoryName(script)!;
        var (exitCode, stdout, stderr) = await CliRunner.Run("run", script, "--app", app.Root, "--", folder);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Equal("WRITTEN BY A SCRIPT|{\"OK\":TRUE}\n", stdout.Replace("\r\n", "\n"));
        Assert.Equal("written by a script", File.ReadAllText(Path.Combine(folder, "note.txt")));
    }

    [Fact]
    public async Task Compile_errors_print_with_positions_and_nothing_runs()
    {
        using var app = TempApp.Create();
        app.Write("models/Todo/e.json", Todo);
        var script = app.Write("../broken.csx", """
            await app.InvokeAsync("models.Todo", "create", new JsonObject { ["rowData"] = new JsonObject { ["text"] = "x" } });
            int count = "not a number";
            Console.WriteLine(undefinedName);
            """);
        var (exitCode, stdout, stderr) = await CliRunner.Run("run", script, "--app", app.Root);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Golden.Verify("run-compile-errors.txt", stderr);
        var (_, rows, _) = await CliRunner.Run("invoke", "models.Todo", "query", "--app", app.Root);
        Assert.Equal(0, (int)JsonNode.Parse(rows)!["totalCount"]!);
    }

    [Fact]
    public async Task Exception_in_script_is_an_error_json()
    {
        using var app = TempApp.Create();
        var script = app.Write("../throws.csx", """app.GetElement("models.Nope");""");
        var (exitCode, _, stderr) = await CliRunner.Run("run", script, "--app", app.Root);
        Assert.Equal(1, exitCode);
        Assert.Contains("EL_UNKNOWN_ELEMENT", stderr);
    }
}
