using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Testing.Files;
using Elements.Testing.Repository;
using Microsoft.OpenApi;

namespace Elements.Cli.Tests;

/// <summary><c>elements openapi --app DIR [-o FILE]</c>: the element API's document without a host.</summary>
public sealed class OpenApiCommandTests : IDisposable
{
    /// <summary>The sample app's document, which the C# and TypeScript clients are generated from.</summary>
    public static readonly string ClientsDocument = Path.Combine(SampleApp.RepositoryRoot, "clients", "openapi", "sample-app.v1.json");

    private readonly TempDirectory _folder = TempDirectory.Create("elements-cli-openapi");

    public OpenApiCommandTests() => SampleApp.CopyElementsTo(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Writes_the_document_the_clients_are_generated_from_and_it_reads_back_clean()
    {
        var file = Path.Combine(_folder.Path, "api.json");
        // No secret values given: describing calls nothing.
        var (exit, stdout, stderr) = await CliRunner.Run("openapi", "--app", _folder.Path, "-o", file);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stdout);
        var text = File.ReadAllText(file);

        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Empty(read.Diagnostic.Warnings);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);

        // Every function `elements permissions` lists (what the host serves) is one operation, and nothing else is.
        var (_, matrix, _) = await CliRunner.Run("permissions", "--json", "--app", _folder.Path,
            "--var", "WECHAT_OA_SECRET=x", "--var", "WECHAT_OA2_SECRET=x", "--var", "WECHAT_MINI_SECRET=x");
        var served = JsonNode.Parse(matrix)!.AsArray().Select(p => (string)p!["function"]!).Order(StringComparer.Ordinal);
        var operations = read.Document!.Paths.SelectMany(p => p.Value.Operations!.Values).Select(o => o.OperationId!).Order(StringComparer.Ordinal);
        Assert.Equal(served, operations);

        if (Environment.GetEnvironmentVariable("ELEMENTS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(ClientsDocument, text);
        }

        // The clients in clients/ are generated from this file: when the API changes, regenerate it and them
        // (ELEMENTS_UPDATE_GOLDEN=1, then clients/csharp/generate.sh and npm run generate in clients/js).
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(ClientsDocument)), JsonNode.Parse(text)),
            "clients/openapi/sample-app.v1.json is not what elements openapi writes for the sample app: run the tests with ELEMENTS_UPDATE_GOLDEN=1");
    }

    [Fact]
    public async Task Without_output_the_document_goes_to_standard_output()
    {
        var (exit, stdout, stderr) = await CliRunner.Run("openapi", "--app", _folder.Path);
        Assert.True(exit == 0, stderr);
        var document = JsonNode.Parse(stdout)!;
        Assert.Equal("demo.SampleApp", (string)document["info"]!["title"]!);
        Assert.NotNull(document["paths"]!["/api/demo/SampleApp/models/Todo/query"]);
    }

    [Fact]
    public async Task An_app_that_does_not_load_is_a_clear_error()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "models", "Todo", "e.json"), "{ \"type\": ");
        var (exit, _, stderr) = await CliRunner.Run("openapi", "--app", _folder.Path);
        Assert.NotEqual(0, exit);
        Assert.Contains("e.json", stderr, StringComparison.Ordinal);
    }
}
