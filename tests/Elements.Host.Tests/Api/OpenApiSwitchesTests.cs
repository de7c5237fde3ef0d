using System.Net;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Hosting.AspNetCore.OpenApi;
using Elements.Std.Roles;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests.Api;

/// <summary>Outside development a host shows each caller only its own view of the API and serves no reference page.</summary>
public sealed class OpenApiSwitchesTests
{
    [Fact]
    public void Unset_switches_are_on_for_development_and_off_otherwise()
    {
        Assert.Equal(new OpenApiSwitches(true, true, "/api-reference"), OpenApiSwitches.Decide(new OpenApiHostOptions(), development: true));
        Assert.Equal(new OpenApiSwitches(false, false, "/api-reference"), OpenApiSwitches.Decide(new OpenApiHostOptions(), development: false));
        Assert.Equal(new OpenApiSwitches(true, false, "/docs"),
            OpenApiSwitches.Decide(new OpenApiHostOptions { FullDocument = true, ReferencePath = "/docs" }, development: false));
    }

    [Fact]
    public async Task With_the_full_document_off_an_anonymous_caller_sees_only_what_it_may_call_and_no_reference_page()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(new Dictionary<string, string?>
        {
            ["Elements:OpenApi:FullDocument"] = "false",
            ["Elements:OpenApi:Reference"] = "false",
        });

        var document = JsonNode.Parse(await host.Http.GetStringAsync("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/demo/SampleApp/", StringComparison.Ordinal))
            .Select(p => (string)p.Value!["post"]!["operationId"]!).Order(StringComparer.Ordinal);
        var anonymous = host.Services.GetRequiredService<ElementAuthorizer>().GetMatrix().Where(p => p.Anonymous).Select(p => p.Function)
            .Order(StringComparer.Ordinal);
        Assert.Equal(anonymous, operations);
        Assert.Null(document["components"]!["schemas"]!["models.Todo"]);

        using var reference = await host.Http.GetAsync("/api-reference");
        Assert.Equal(HttpStatusCode.NotFound, reference.StatusCode);
    }
}
