using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Std.Roles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Elements.Host.Tests.Api;

/// <summary>The element API described as OpenAPI at <c>/openapi/v1.json</c> (issue 20, first part).</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private SampleAppCopy _copy = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _copy = SampleAppCopy.Create();
        _host = await _copy.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _copy.Dispose();
    }

    [Fact]
    public async Task Every_function_the_host_serves_is_one_operation_and_nothing_else_is()
    {
        var text = await _host.Http.GetStringAsync("/openapi/v1.json");
        var json = JsonNode.Parse(text)!;
        // The app's own endpoints (linking, profiles) are described beside the element functions.
        var operations = json["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!)))
            .Where(o => o.Path.StartsWith("/api/demo/SampleApp/", StringComparison.Ordinal))
            .ToList();
        Assert.True(operations.Count > 0, string.Join(", ", json["paths"]!.AsObject().Select(p => p.Key)));

        var served = _host.Services.GetRequiredService<ElementAuthorizer>().ReachableFunctions()
            .Select(f => $"{f.Element.FullName}.{f.Function.Name}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(served, operations.Select(o => (string)o.Operation["operationId"]!).Order(StringComparer.Ordinal));
        Assert.All(operations, o => Assert.Equal("post", o.Method));

        var query = operations.Single(o => (string)o.Operation["operationId"]! == "models.Todo.query");
        Assert.Equal("/api/demo/SampleApp/models/Todo/query", query.Path);
        var body = query.Operation["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal(["filter", "fieldList", "orderList", "page", "size", "level"], body["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("integer", (string)body["properties"]!["page"]!["type"]!);
        Assert.Equal("models", (string)query.Operation["tags"]![0]!);
        Assert.NotNull(query.Operation["security"]);
        Assert.NotNull(query.Operation["responses"]!["default"]!["content"]!["application/problem+json"]);

        // Internal elements are no operations: the account tables are not served.
        Assert.DoesNotContain(operations, o => ((string)o.Operation["operationId"]!).StartsWith("auths.models.SessionModel", StringComparison.Ordinal));

        // The document reads back without errors with Microsoft.OpenApi's own reader.
        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(json["paths"]!.AsObject().Count, read.Document!.Paths.Count);
    }
}
