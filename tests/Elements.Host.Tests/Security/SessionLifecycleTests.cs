using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #9 security review, session fixation: every login mints a new server-chosen token (a client cannot
/// bring its own), and logout revokes exactly that token.</summary>
public sealed class SessionLifecycleTests
{
    private const string Passwords = "api/demo/SampleApp/auths/loginTypes/Passwords/";
    private const string AuthSvc = "api/demo/SampleApp/auths/services/AuthSvc/";
    private const string Unbind = "api/demo/SampleApp/auths/loginTypes/myWeChatMiniLogin/unbind";

    [Fact]
    public async Task Each_login_gets_a_new_token_and_logout_revokes_only_that_one()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var userId = (long)(await PostAsync(host, Passwords + "register", new { username = "erin", password }))!["userId"]!;

        var first = await LoginAsync(host, password);
        var second = await LoginAsync(host, password);
        Assert.NotEqual(first, second);
        Assert.Equal(43, first.Length);

        // Both are sessions of the user (the unbind reaches the element: erin has no mini-program binding).
        Assert.Equal("AUTH_NOT_BOUND", await ProblemCodeAsync(host, Unbind, new { userId }, first));
        Assert.Equal("AUTH_NOT_BOUND", await ProblemCodeAsync(host, Unbind, new { userId }, second));

        Assert.True((bool)(await PostAsync(host, AuthSvc + "logout", new { token = first }))!["loggedOut"]!);
        Assert.Equal("EL_INVALID_SESSION", await ProblemCodeAsync(host, Unbind, new { userId }, first));
        Assert.Null(await PostAsync(host, AuthSvc + "getCurrentUser", new { token = first }));
        Assert.Equal("AUTH_NOT_BOUND", await ProblemCodeAsync(host, Unbind, new { userId }, second));

        // A token the client made up is no session, whatever it looks like.
        Assert.Equal("EL_INVALID_SESSION", await ProblemCodeAsync(host, Unbind, new { userId }, (second[0] == 'A' ? "B" : "A") + second[1..]));
    }

    private static async Task<string> LoginAsync(TestHost host, string password)
    {
        var code = (string)(await PostAsync(host, Passwords + "getLoginCode", new { username = "erin", password }))!["loginCode"]!;
        return (string)(await PostAsync(host, AuthSvc + "login", new { loginCode = code }))!["token"]!;
    }

    private static async Task<JsonNode?> PostAsync(TestHost host, string path, object args)
    {
        using var response = await host.Http.PostAsJsonAsync(path, args);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text);
    }

    private static async Task<string?> ProblemCodeAsync(TestHost host, string path, object args, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(args) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        return (string?)(await TestHost.ReadProblemAsync(response))["code"];
    }
}
