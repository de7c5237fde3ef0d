using System.Text.Json.Nodes;
using Elements.Testing.Files;
using Elements.Testing.Processes;
using Elements.Testing.Repository;

namespace Elements.Host.Tests.Clients.CSharp;

/// <summary>
/// The checked-in client is current: <c>clients/csharp/generate.sh</c> run now on the checked-in document, with the
/// pinned Kiota, writes exactly the checked-in files. Kiota's <c>kiota-lock.json</c> records a hash of the description
/// (SHA-512 of the document as Microsoft.OpenApi re-serializes it after Kiota's own filtering), which no other
/// library here reproduces byte for byte; regenerating is the check that cannot drift from what Kiota does.
/// </summary>
public sealed class GeneratedClientTests
{
    private static readonly string CheckedIn = Path.Combine(SampleApp.RepositoryRoot, "clients", "csharp", "Elements.Client", "Generated");

    [Fact]
    public async Task The_checked_in_client_is_what_generate_sh_makes_from_the_checked_in_document()
    {
        using var output = TempDirectory.Create("elements-clients-generate");
        var fresh = Path.Combine(output.Path, "Generated");
        await RunGenerateAsync(fresh);

        // The lock's description hash first: it is what says "the document changed" in one line.
        Assert.True(DescriptionHash(fresh) == DescriptionHash(CheckedIn),
            "clients/openapi/sample-app.v1.json changed since the client was generated (kiota-lock.json's descriptionHash): "
            + "run clients/csharp/generate.sh and commit.");

        var expected = Files(fresh);
        var actual = Files(CheckedIn);
        var stale = expected.Keys.Union(actual.Keys)
            .Where(path => path != "kiota-lock.json") // its descriptionLocation is relative to the output folder
            .Where(path => !expected.TryGetValue(path, out var e) || !actual.TryGetValue(path, out var a) || e != a)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(stale.Count == 0,
            $"the checked-in client differs from a fresh generation in {stale.Count} file(s): run clients/csharp/generate.sh and commit. "
            + string.Join(", ", stale.Take(10)));
    }

    private static async Task RunGenerateAsync(string outputFolder)
    {
        var script = Path.Combine(SampleApp.RepositoryRoot, "clients", "csharp", "generate.sh");
        var (exitCode, output) = await ChildProcess.RunAsync(SampleApp.RepositoryRoot, "bash", ["--noprofile", "--norc", script, outputFolder], TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"generate.sh exited {exitCode}: {output}");
    }

    private static string DescriptionHash(string folder)
    {
        var hash = (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kiota-lock.json")))!["descriptionHash"];
        Assert.False(string.IsNullOrEmpty(hash));
        return hash;
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
}
