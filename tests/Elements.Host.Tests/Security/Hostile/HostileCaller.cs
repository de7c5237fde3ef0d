using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests.Security.Hostile;

/// <summary>Drives the sample app over HTTP as its users would, and as they should not: sign-ups, sessions, calls.</summary>
internal sealed class HostileCaller(TestHost host)
{
    public const string Api = "api/demo/SampleApp/";
    public const string Password = "correct horse battery";

    public TestHost Host => host;

    public ElementApp App => host.Services.GetRequiredService<ElementApp>();

    /// <summary>Registers a password user and logs it in.</summary>
    public async Task<(long UserId, string Token)> SignUpAsync(string username)
    {
        var user = await CallOkAsync("auths/loginTypes/Passwords/register", new JsonObject { ["username"] = username, ["password"] = Password });
        var code = await CallOkAsync("auths/loginTypes/Passwords/getLoginCode", new JsonObject { ["username"] = username, ["password"] = Password });
        var session = await CallOkAsync("auths/services/AuthSvc/login", new JsonObject { ["loginCode"] = (string)code!["loginCode"]! });
        return ((long)user!["userId"]!, (string)session!["token"]!);
    }

    /// <summary>A signed-up user made an administrator the way an operator does it: a trusted in-process call.</summary>
    public async Task<(long UserId, string Token)> SignUpAdminAsync(string username)
    {
        var admin = await SignUpAsync(username);
        await App.InvokeAsync("roles.services.RoleSvc", "addMember", new JsonObject { ["userId"] = admin.UserId, ["roleName"] = "roles.Admin" });
        return admin;
    }

    public async Task<HttpResponseMessage> SendAsync(string path, JsonObject? args, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api + path) { Content = JsonContent.Create(args ?? []) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await host.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public async Task<JsonNode?> CallOkAsync(string path, JsonObject? args, string? token = null)
    {
        using var response = await SendAsync(path, args, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text);
    }

    /// <summary>Asserts the call is refused with this status and code, and returns the problem's detail.</summary>
    public async Task<string?> RefusedAsync(string path, JsonObject? args, string? token, HttpStatusCode status, string code)
    {
        using var response = await SendAsync(path, args, token);
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.True(status == response.StatusCode && code == (string?)problem["code"],
            $"{path}: expected {(int)status} {code}, got {(int)response.StatusCode} {problem.ToJsonString()}");
        return (string?)problem["detail"];
    }

    public Task<string?> ForbiddenAsync(string path, JsonObject? args, string token) =>
        RefusedAsync(path, args, token, HttpStatusCode.Forbidden, "EL_FORBIDDEN");

    /// <summary>The user rows as they really are (a trusted read).</summary>
    public async Task<JsonArray> UsersAsync()
    {
        var result = await App.InvokeAsync("auths.models.UserModel", "query", new JsonObject { ["size"] = 1000 });
        return result!["rowDatas"]!.AsArray();
    }
}
