using System.Text.RegularExpressions;

namespace Elements.Cli.Tests.Support;

/// <summary>
/// A fenced shell block of a Markdown document (<c>```bash</c>, <c>```sh</c>, <c>```shell</c>), split into the
/// commands a reader would paste: lines joined at a trailing backslash, blank and comment-only lines left out. A block
/// right after <c>&lt;!-- not-run: why --&gt;</c> is documentation only; <see cref="NotRunReason"/> says why.
/// </summary>
internal sealed partial record ShellBlock(string Document, int Line, IReadOnlyList<string> Commands, string? NotRunReason)
{
    [GeneratedRegex(@"^```(bash|sh|shell)\s*$")]
    private static partial Regex Opening();

    [GeneratedRegex(@"^<!--\s*not-run:\s*(?<reason>.*?)\s*-->$")]
    private static partial Regex NotRunMarker();

    /// <summary>A command of the <c>elements</c> CLI: the tool itself, <c>dotnet run --project tools/Elements.Cli</c>, or
    /// <c>$cli</c>, the README's name for the latter.</summary>
    [GeneratedRegex(@"(^|[\s;&|(])elements\s|tools/Elements\.Cli\b|\$cli\b")]
    private static partial Regex CliCommand();

    /// <summary>Whether any command of the block runs the CLI.</summary>
    public bool UsesCli => Commands.Any(c => CliCommand().IsMatch(c));

    public override string ToString() => $"{Document}:{Line}";

    public static IReadOnlyList<ShellBlock> Read(string path, string displayName)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<ShellBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!Opening().IsMatch(lines[i]))
            {
                continue;
            }

            var previous = i - 1;
            while (previous >= 0 && string.IsNullOrWhiteSpace(lines[previous]))
            {
                previous--;
            }

            var marker = previous >= 0 ? NotRunMarker().Match(lines[previous].Trim()) : Match.Empty;
            var start = i + 1;
            var commands = new List<string>();
            var pending = "";
            for (i = start; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
            {
                var line = lines[i];
                if (pending.Length == 0 && (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')))
                {
                    continue;
                }

                pending += line + "\n";
                if (!line.TrimEnd().EndsWith('\\'))
                {
                    commands.Add(pending.TrimEnd('\n'));
                    pending = "";
                }
            }

            if (pending.Length > 0)
            {
                commands.Add(pending.TrimEnd('\n'));
            }

            blocks.Add(new ShellBlock(displayName, start, commands, marker.Success ? marker.Groups["reason"].Value : null));
        }

        return blocks;
    }
}
