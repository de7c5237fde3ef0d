using Elements.Host.Tests.Support;
using Elements.Testing.Files;
using Elements.Testing.Repository;

namespace Elements.Host.Tests.Api;

/// <summary>The OpenAPI documents pass <c>@redocly/cli lint</c> with its recommended rules (clients/openapi/redocly.yaml)
/// without an error or a warning: the served one (the host's own endpoints included), one caller's view, and the
/// checked-in document the clients are generated from.</summary>
public sealed class OpenApiLintTests
{
    private static readonly string Config = Path.Combine(SampleApp.RepositoryRoot, "clients", "openapi", "redocly.yaml");

    [Fact]
    public async Task The_served_the_callers_and_the_checked_in_documents_lint_clean()
    {
        await NodeClient.EnsureInstalledAsync();
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        using var folder = TempDirectory.Create("elements-openapi-lint");
        var served = Path.Combine(folder.Path, "served.json");
        var mine = Path.Combine(folder.Path, "for-me.json");
        await File.WriteAllTextAsync(served, await host.Http.GetStringAsync("/openapi/v1.json"));
        await File.WriteAllTextAsync(mine, await host.Http.GetStringAsync("/openapi/v1.json?for=me"));

        foreach (var document in new[] { served, mine, Path.Combine(SampleApp.RepositoryRoot, "clients", "openapi", "sample-app.v1.json") })
        {
            var (exitCode, output) = await NodeClient.RunAsync("npx", ["redocly", "lint", document, "--config", Config], TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"redocly lint {document} exited {exitCode}:\n{output}");
            Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Warning was generated", output, StringComparison.Ordinal);
        }
    }
}
