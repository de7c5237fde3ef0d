using System.Text.RegularExpressions;
using Elements.Testing.Repository;

namespace Elements.Cli.Tests;

/// <summary>The Markdown of the repository links only to files of the repository, so a clone reads complete.</summary>
public sealed partial class DocumentationLinkTests
{
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    /// <summary>http:, https:, mailto: and the like (an absolute file path is not one: it leaves the clone).</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]+:")]
    private static partial Regex Scheme();

    /// <summary>A path named in code quotes that climbs out of its folder to another document.</summary>
    [GeneratedRegex(@"`(?<target>\.\./[^`\s]+\.md)`")]
    private static partial Regex QuotedDocumentPath();

    [Fact]
    public void Relative_links_in_markdown_resolve_to_files_inside_the_repository()
    {
        var root = Path.GetFullPath(SampleApp.RepositoryRoot);
        var broken = new List<string>();
        var documents = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj" or "node_modules" || part.StartsWith('.')))
            .ToList();
        Assert.Contains(documents, d => d.EndsWith(Path.Combine("Elements.WeChatSandbox", "README.md"), StringComparison.Ordinal));
        foreach (var document in documents)
        {
            var text = File.ReadAllText(document);
            var targets = MarkdownLink().Matches(text).Select(m => m.Groups["target"].Value)
                .Concat(QuotedDocumentPath().Matches(text).Select(m => m.Groups["target"].Value))
                .Where(t => !t.StartsWith('#') && !Scheme().IsMatch(t));
            foreach (var target in targets)
            {
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(target.Split('#')[0])));
                if (!resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    || !(File.Exists(resolved) || Directory.Exists(resolved)))
                {
                    broken.Add($"{Path.GetRelativePath(root, document)}: {target}");
                }
            }
        }

        Assert.True(broken.Count == 0, "links outside the repository or to nothing:\n" + string.Join("\n", broken));
    }
}
