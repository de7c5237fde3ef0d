using System.Net;
using Elements.Host.Tests.Security.Hostile;
using Elements.Host.Tests.Support;
using Elements.Std.Roles;
using Elements.Testing.Golden;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests.Security;

/// <summary>
/// Every function the sample app serves over HTTP, with who may call it, against a checked-in golden file: a function
/// added later cannot become reachable, nor a grant widen, without the golden changing in the same commit. The matrix
/// is then confirmed over HTTP, call by call, for anonymous callers and a plain user.
/// </summary>
public sealed class PermissionMatrixTests
{
    [Fact]
    public async Task The_sample_apps_decision_matrix_is_the_reviewed_one_and_the_host_enforces_it()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var caller = new HostileCaller(host);
        var matrix = host.Services.GetRequiredService<ElementAuthorizer>().GetMatrix();

        Golden.Verify("permissions.sample-app.json", FunctionPermission.ToJson(matrix).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

        var (_, token) = await caller.SignUpAsync("probe");
        foreach (var function in matrix)
        {
            var dot = function.Function.LastIndexOf('.');
            var path = function.Function[..dot].Replace('.', '/') + "/" + function.Function[(dot + 1)..];
            await AssertDecisionAsync(caller, path, null, function.Anonymous, HttpStatusCode.Unauthorized);
            await AssertDecisionAsync(caller, path, token, function.Authenticated, HttpStatusCode.Forbidden);
        }
    }

    private static async Task AssertDecisionAsync(HostileCaller caller, string path, string? token, bool allowed, HttpStatusCode refusal)
    {
        // No arguments: an allowed call fails on its arguments at most, never runs a real action.
        using var response = await caller.SendAsync(path, [], token);
        var who = token is null ? "anonymous" : "a plain user";
        if (allowed)
        {
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound),
                $"{path} should be open to {who}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            Assert.True(response.StatusCode == refusal, $"{path} should be refused to {who}, got {(int)response.StatusCode}");
        }
    }
}
