using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Host.Tests.Security.Hostile;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Console;

/// <summary>The sample app's users as the console sees them: a plain user, a <c>roles.ConsoleViewer</c> member and
/// an administrator, signed in over HTTP; requests to <c>/console/api</c> with their tokens.</summary>
internal sealed partial class ConsoleSession(TestHost host)
{
    public HostileCaller Caller { get; } = new(host);

    public TestHost Host => host;

    [GeneratedRegex(@"  Console     (\S+)/console/#signin=([A-Za-z0-9_-]+)")]
    private static partial Regex BannerLink();

    /// <summary>The sandbox link's code as the start-up banner printed it.</summary>
    public string BannerCode()
    {
        var match = BannerLink().Match(host.Banner.ToString());
        Assert.True(match.Success, $"no console link in the banner:\n{host.Banner}");
        return match.Groups[2].Value;
    }

    public Task<(long UserId, string Token)> PlainAsync(string name = "plain") => Caller.SignUpAsync(name);

    public async Task<(long UserId, string Token)> ViewerAsync(string name = "viewer")
    {
        var viewer = await Caller.SignUpAsync(name);
        await Caller.App.InvokeAsync("roles.services.RoleSvc", "addMember", new JsonObject { ["userId"] = viewer.UserId, ["roleName"] = "roles.ConsoleViewer" });
        return viewer;
    }

    public Task<(long UserId, string Token)> AdminAsync(string name = "admin") => Caller.SignUpAdminAsync(name);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await host.Http.SendAsync(request, completion);
    }

    public async Task<JsonNode> GetOkAsync(string path, string token)
    {
        using var response = await SendAsync(HttpMethod.Get, path, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public Task<HttpResponseMessage> SandboxSignInAsync(string code) =>
        SendAsync(HttpMethod.Post, "console/api/sandbox-signin", null, JsonContent.Create(new { code }));
}
