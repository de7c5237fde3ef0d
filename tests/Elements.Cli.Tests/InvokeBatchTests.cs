using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Testing.Golden;

namespace Elements.Cli.Tests;

/// <summary><c>elements invoke ... --input FILE.jsonl [--continue-on-fail]</c> on a real SQLite model.</summary>
public sealed class InvokeBatchTests
{
    private const string Todo = """
        { "title": "Todo", "type": "models.NormalType", "fields": [
          { "name": "id", "dataType": "AutoInt", "primaryKey": true },
          { "name": "text", "dataType": "Stext", "maxLen": 64, "unique": true } ] }
        """;

    // Line 3 names an unknown field, line 4 repeats a unique value; line 5 is blank (skipped); both forms of line are used.
    private const string Input = """
        {"rowData": {"text": "a"}}
        {"args": {"rowData": {"text": "b"}}}
        {"rowData": {"nope": 1}}
        {"rowData": {"text": "a"}}

        {"args": {"rowData": {"text": "c"}}}
        """;

    private static TempApp CreateApp(out string input)
    {
        var app = TempApp.Create();
        app.Write("models/Todo/e.json", Todo);
        input = app.Write("calls.jsonl", Input);
        return app;
    }

    private static async Task<JsonArray> Rows(TempApp app)
    {
        var (exitCode, stdout, _) = await CliRunner.Run("invoke", "models.Todo", "query", "--app", app.Root, "--args", """{"orderList": [["id", 1]]}""");
        Assert.Equal(0, exitCode);
        return JsonNode.Parse(stdout)!["rowDatas"]!.AsArray();
    }

    [Fact]
    public async Task Continue_on_fail_prints_one_line_per_call_in_order_with_errors_in_place()
    {
        using var app = CreateApp(out var input);
        var (exitCode, stdout, stderr) = await CliRunner.Run("invoke", "models.Todo", "create", "--app", app.Root, "--input", input,
            "--continue-on-fail");
        Assert.Equal(1, exitCode);
        Assert.Equal("2 of 5 call(s) failed\n", stderr.Replace("\r\n", "\n"));
        var lines = stdout.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Equal("DB_UNKNOWN_FIELD", (string?)JsonNode.Parse(lines[2])!["error"]!["code"]);
        Assert.NotNull(JsonNode.Parse(lines[3])!["error"]!["code"]);
        Golden.Verify("invoke-batch-continue.jsonl", stdout);
        Assert.Equal(["a", "b", "c"], (await Rows(app)).Select(r => (string)r!["text"]!));
    }

    [Fact]
    public async Task Without_continue_on_fail_the_first_failure_stops_the_batch()
    {
        using var app = CreateApp(out var input);
        var (exitCode, stdout, stderr) = await CliRunner.Run("invoke", "models.Todo", "create", "--app", app.Root, "--input", input);
        Assert.Equal(1, exitCode);
        Golden.Verify("invoke-batch-stop.jsonl", stdout);
        Golden.Verify("invoke-batch-stop-error.json", stderr);
        Assert.Equal(["a", "b"], (await Rows(app)).Select(r => (string)r!["text"]!));
    }

    [Fact]
    public async Task All_calls_succeeding_exit_0_and_stdin_is_read_with_dash()
    {
        using var app = CreateApp(out _);
        var (exitCode, stdout, stderr) = await CliRunner.RunWithInput("{\"rowData\": {\"text\": \"x\"}}\n{\"rowData\": {\"text\": \"y\"}}\n",
            "invoke", "models.Todo", "create", "--app", app.Root, "--input", "-");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Equal("{\"id\":1,\"text\":\"x\"}\n{\"id\":2,\"text\":\"y\"}\n", stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task Malformed_line_is_an_error_with_its_line_number()
    {
        using var app = CreateApp(out _);
        var input = app.Write("bad.jsonl", "{\"rowData\": {\"text\": \"x\"}}\n[1, 2]\n{not json\n");
        var (exitCode, stdout, _) = await CliRunner.Run("invoke", "models.Todo", "create", "--app", app.Root, "--input", input,
            "--continue-on-fail");
        Assert.Equal(1, exitCode);
        Golden.Verify("invoke-batch-malformed.jsonl", stdout);
    }

    [Fact]
    public async Task Args_and_input_together_are_a_usage_error()
    {
        using var app = CreateApp(out var input);
        var (exitCode, _, stderr) = await CliRunner.Run("invoke", "models.Todo", "create", "--app", app.Root, "--input", input, "--args", "{}");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--args and --input cannot be used together", stderr);
    }
}
