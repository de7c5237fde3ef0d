using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Security;

/// <summary>
/// Issue #9 security review, "any logged-in user can act on another user's account": over HTTP a login-required
/// function's <c>userId</c> must be the session's user (403 <c>EL_FORBIDDEN</c>, before the function runs).
/// </summary>
public sealed class SessionUserScopeTests
{
    private const string MiniApp = "wx0000000000demo03";
    private const string Mini = "api/demo/SampleApp/auths/loginTypes/myWeChatMiniLogin/";
    private const string OaLogin = "api/demo/SampleApp/auths/loginTypes/MyWechatLogin/";
    private const string AuthSvc = "api/demo/SampleApp/auths/services/AuthSvc/";

    [Fact]
    public async Task A_session_cannot_unbind_bind_decrypt_or_take_the_phone_of_another_user()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var (alice, aliceToken) = await SignUpAsync(host, "alice");
        var (bob, bobToken) = await SignUpAsync(host, "bob");
        var aliceData = await host.Sandbox.EncryptUserProfileAsync(MiniApp, "alice");

        // Bob names Alice: refused before anything runs, with every spelling of the argument.
        await AssertForbiddenAsync(host, Mini + "unbind", new JsonObject { ["userId"] = alice }, bobToken);
        await AssertForbiddenAsync(host, Mini + "unbind", new JsonObject { ["UserId"] = alice }, bobToken);
        await AssertForbiddenAsync(host, Mini + "unbind", new JsonObject { ["userId"] = alice.ToString(System.Globalization.CultureInfo.InvariantCulture) }, bobToken);
        await AssertForbiddenAsync(host, Mini + "bind", new JsonObject { ["userId"] = alice, ["code"] = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "bob")).Code }, bobToken);
        await AssertForbiddenAsync(host, Mini + "decryptUserData",
            new JsonObject { ["userId"] = alice, ["encryptedData"] = aliceData.EncryptedData, ["iv"] = aliceData.Iv }, bobToken);
        // (Bob has no phone in the sandbox: Alice tries to put hers on Bob's account.)
        var phoneCode = (await host.Sandbox.MintPhoneCodeAsync(MiniApp, "alice")).Code;
        await AssertForbiddenAsync(host, Mini + "getPhoneNumber", new JsonObject { ["phoneCode"] = phoneCode, ["userId"] = bob }, aliceToken);
        await AssertForbiddenAsync(host, OaLogin + "unbind", new JsonObject { ["userId"] = alice }, bobToken);

        // Alice's account is untouched: her openid still logs her in, and she can decrypt her own data.
        var again = await CallAsync(host, Mini + "getLoginCode", new JsonObject { ["code"] = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "alice")).Code });
        Assert.Equal(alice, (long)again["userId"]!);
        aliceData = await host.Sandbox.EncryptUserProfileAsync(MiniApp, "alice");
        var data = await CallAsync(host, Mini + "decryptUserData",
            new JsonObject { ["userId"] = alice, ["encryptedData"] = aliceData.EncryptedData, ["iv"] = aliceData.Iv }, aliceToken);
        Assert.Equal("Alice", (string?)data["nickName"]);

        // Acting for oneself is fine (the phone code was not spent by the refused call), and so is leaving userId out.
        var phone = await CallAsync(host, Mini + "getPhoneNumber", new JsonObject { ["phoneCode"] = phoneCode, ["userId"] = alice }, aliceToken);
        Assert.Equal(alice, (long)phone["userId"]!);
        await CallAsync(host, Mini + "getPhoneNumber", new JsonObject { ["phoneCode"] = (await host.Sandbox.MintPhoneCodeAsync(MiniApp, "alice")).Code }, aliceToken);
        Assert.True((bool)(await CallAsync(host, Mini + "unbind", new JsonObject { ["userId"] = bob }, bobToken))["unbound"]!);
    }

    private static async Task<(long UserId, string Token)> SignUpAsync(TestHost host, string user)
    {
        var bind = await CallAsync(host, Mini + "getLoginCode", new JsonObject { ["code"] = (await host.Sandbox.MintLoginCodeAsync(MiniApp, user)).Code });
        var created = await CallAsync(host, Mini + "register", new JsonObject { ["bindCode"] = (string)bind["bindCode"]! });
        var login = await CallAsync(host, Mini + "getLoginCode", new JsonObject { ["code"] = (await host.Sandbox.MintLoginCodeAsync(MiniApp, user)).Code });
        var session = await CallAsync(host, AuthSvc + "login", new JsonObject { ["loginCode"] = (string)login["loginCode"]! });
        return ((long)created["userId"]!, (string)session["token"]!);
    }

    private static async Task AssertForbiddenAsync(TestHost host, string path, JsonObject args, string token)
    {
        using var response = await SendAsync(host, path, args, token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("EL_FORBIDDEN", (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    private static async Task<JsonObject> CallAsync(TestHost host, string path, JsonObject args, string? token = null)
    {
        using var response = await SendAsync(host, path, args, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static Task<HttpResponseMessage> SendAsync(TestHost host, string path, JsonObject args, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(args) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return host.Http.SendAsync(request);
    }
}
