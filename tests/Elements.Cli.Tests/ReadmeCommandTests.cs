using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Cli.Tests.Support;
using Elements.Testing.Repository;

namespace Elements.Cli.Tests;

/// <summary>
/// Every command of the README's (and docs') shell blocks that use the <c>elements</c> CLI runs verbatim, in document
/// order and in one bash session, from a stand-in for a fresh clone: a temp folder holding a copy of the sample app
/// as <c>app/</c>. <c>elements</c> and <c>dotnet run --project tools/Elements.Cli --</c> are the CLI this project
/// builds; any other <c>dotnet</c> command fails, so a block that needs more (the host) must say so with
/// <c>&lt;!-- not-run: why --&gt;</c>. Each command must exit 0, and a command whose trailing comment is JSON (the
/// output the README shows, e.g. <c># "Hello, Ann!"</c>) must print that JSON.
/// </summary>
public sealed partial class ReadmeCommandTests
{
    [GeneratedRegex(@"\s#\s*(?<comment>[^#]*)$")]
    private static partial Regex TrailingComment();

    private static IReadOnlyList<ShellBlock> CliBlocks()
    {
        var root = SampleApp.RepositoryRoot;
        var documents = new List<(string Path, string Name)> { (Path.Combine(root, "README.md"), "README.md") };
        documents.AddRange(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(p => (p, "docs/" + Path.GetFileName(p))));
        return documents.SelectMany(d => ShellBlock.Read(d.Path, d.Name)).Where(b => b.UsesCli).ToList();
    }

    [Fact]
    public void Blocks_left_out_say_why_and_the_walk_throughs_are_found()
    {
        var blocks = CliBlocks();
        Assert.All(blocks.Where(b => b.NotRunReason is not null), b => Assert.False(string.IsNullOrWhiteSpace(b.NotRunReason), $"{b}: not-run needs a reason"));
        // The README's CLI tour (section 4) and its service examples (4a): if the extractor found fewer, it lost them.
        Assert.True(blocks.Count(b => b.NotRunReason is null && b.Document == "README.md") >= 3, string.Join(", ", blocks));
    }

    [Fact]
    public async Task Readme_cli_commands_run_verbatim_against_a_copy_of_the_sample_app()
    {
        using var clone = TempApp.FromSampleAppClone();
        var before = FilesBelow(clone.Container);
        var output = Directory.CreateDirectory(Path.Combine(clone.Container, ".readme-run")).FullName;
        var commands = CliBlocks().Where(b => b.NotRunReason is null).SelectMany(b => b.Commands.Select(c => (Block: b, Command: c))).ToList();

        var script = new StringBuilder("""
            elements() { command dotnet "$ELEMENTS_CLI" "$@"; }
            dotnet() {
              if [ "$1" = run ] && [ "$2" = --project ] && [ "$3" = tools/Elements.Cli ] && [ "$4" = -- ]; then
                shift 4; elements "$@"
              else
                echo "not mapped by the README test: dotnet $*" >&2; return 127
              fi
            }

            """);
        for (var i = 0; i < commands.Count; i++)
        {
            // Braces keep the command in this shell (its variables and exports carry on) while capturing its output.
            script.Append("{\n").Append(commands[i].Command).Append('\n')
                .Append($"}} > \"$OUT/{i}.out\" 2> \"$OUT/{i}.err\" < /dev/null\necho $? > \"$OUT/{i}.rc\"\n");
        }

        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-c", script.ToString()])
        {
            WorkingDirectory = clone.Container,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ELEMENTS_CLI"] = Path.Combine(AppContext.BaseDirectory, "elements.dll");
        start.Environment["OUT"] = output;
        foreach (var name in new[] { "WECHAT_OA_SECRET", "WECHAT_OA2_SECRET", "WECHAT_MINI_SECRET", "PG_CONN" })
        {
            start.Environment.Remove(name); // what the README needs it must set itself
        }

        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await bash.WaitForExitAsync(timeout.Token);
        Assert.True(bash.ExitCode == 0, $"bash exited {bash.ExitCode}: {await stderr}{await stdout}");

        var failures = new List<string>();
        for (var i = 0; i < commands.Count; i++)
        {
            var (block, command) = commands[i];
            var rcFile = Path.Combine(output, $"{i}.rc");
            var rc = File.Exists(rcFile) ? File.ReadAllText(rcFile).Trim() : "(did not run)";
            var printed = File.ReadAllText(Path.Combine(output, $"{i}.out"));
            var error = File.ReadAllText(Path.Combine(output, $"{i}.err"));
            if (rc != "0")
            {
                failures.Add($"{block}: `{command}` exited {rc}\n{error}{printed}");
            }
            else if (ShownOutput(command) is { } shown && !JsonMatches(printed, shown))
            {
                failures.Add($"{block}: `{command}` printed {printed.Trim()}, the README shows {shown.ToJsonString()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));

        // Whatever the walk-through generates (databases, schemas, compile caches, example apps) stays out of git.
        var written = FilesBelow(clone.Container).Except(before).Where(f => !f.StartsWith(".readme-run/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(written);
        var tracked = await NotIgnoredByGit(written);
        Assert.True(tracked.Count == 0, "the README's commands write files git would track:\n" + string.Join("\n", tracked));
    }

    private static HashSet<string> FilesBelow(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);

    /// <summary>The paths (relative to the clone's root) the repository's .gitignore does not ignore.</summary>
    private static async Task<List<string>> NotIgnoredByGit(IReadOnlyCollection<string> paths)
    {
        var start = new ProcessStartInfo("git", ["check-ignore", "--no-index", "--stdin"])
        {
            WorkingDirectory = SampleApp.RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var git = Process.Start(start)!;
        var ignoredOutput = git.StandardOutput.ReadToEndAsync();
        await git.StandardInput.WriteAsync(string.Join('\n', paths) + "\n");
        git.StandardInput.Close();
        await git.WaitForExitAsync();
        var ignored = (await ignoredOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return paths.Where(p => !ignored.Contains(p)).ToList();
    }

    /// <summary>The trailing comment of the command's last line when it is JSON (the output the document shows).</summary>
    private static JsonNode? ShownOutput(string command)
    {
        var last = command.Split('\n')[^1];
        var match = TrailingComment().Match(last);
        if (!match.Success)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(match.Groups["comment"].Value.Trim());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool JsonMatches(string printed, JsonNode shown)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(printed), shown);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
