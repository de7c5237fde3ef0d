using System.Net;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Host.Tests.Console;

/// <summary>
/// Issue 19's console API on the real host (sample app, Kestrel on 127.0.0.1:0): who may read it, the sandbox's
/// one-time link, and what an element page shows (secrets masked, placeholders named, unreachable elements marked).
/// </summary>
public sealed class ConsoleApiTests
{
    /// <summary>Every gated endpoint: a new one added to the API and left out of the gate fails here once listed.</summary>
    public static readonly string[] GatedEndpoints =
    [
        "console/api/me",
        "console/api/elements",
        "console/api/elements?layer=instance&q=auth",
        "console/api/elements/auths.services.AuthSvc",
        "console/api/health",
        "console/api/health/stream",
        "console/api/metrics",
        "console/api/permissions",
        "console/api/tasks",
        "console/api/events",
    ];

    [Fact]
    public async Task Every_console_endpoint_refuses_anonymous_plain_and_forged_callers_and_answers_viewers_and_admins()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var session = new ConsoleSession(host);
        var (_, plain) = await session.PlainAsync();
        var (_, viewer) = await session.ViewerAsync();
        var (_, admin) = await session.AdminAsync();
        const string forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        foreach (var path in GatedEndpoints)
        {
            await AssertRefusedAsync(session, path, null, HttpStatusCode.Unauthorized, "EL_UNAUTHENTICATED");
            await AssertRefusedAsync(session, path, forged, HttpStatusCode.Unauthorized, "EL_INVALID_SESSION");
            await AssertRefusedAsync(session, path, "not-even-a-token", HttpStatusCode.Unauthorized, "EL_INVALID_SESSION");
            await AssertRefusedAsync(session, path, plain, HttpStatusCode.Forbidden, "EL_FORBIDDEN");
            foreach (var token in new[] { viewer, admin })
            {
                using var ok = await session.SendAsync(HttpMethod.Get, path, token, completion: HttpCompletionOption.ResponseHeadersRead);
                Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{path}: {(int)ok.StatusCode}");
                Assert.Equal("no-store", ok.Headers.CacheControl?.ToString());
                Assert.Contains("default-src 'none'", ok.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            }
        }

        var me = await session.GetOkAsync("console/api/me", viewer);
        Assert.Equal("viewer", (string?)me["username"]);
        Assert.False((bool)me["canWrite"]!);
        Assert.Contains("roles.ConsoleViewer", me["roles"]!.AsArray().Select(r => (string?)r));
        Assert.True((bool)(await session.GetOkAsync("console/api/me", admin))["canWrite"]!);
    }

    [Fact]
    public async Task The_pages_are_public_and_carry_the_consoles_policy_and_the_signin_options_are_anonymous()
    {
        var logs = new CapturingLoggerProvider();
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(null, services => services.AddSingleton<ILoggerProvider>(logs));
        var session = new ConsoleSession(host);

        foreach (var path in new[] { "console", "console/", "console/index.html" })
        {
            using var page = await host.Http.GetAsync(path);
            Assert.True(HttpStatusCode.OK == page.StatusCode, $"{path}: {(int)page.StatusCode} {logs.AllText}");
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Equal(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        }

        var options = JsonNode.Parse(await host.Http.GetStringAsync("console/api/signin-options"))!;
        Assert.True((bool)options["sandbox"]!);
        Assert.Contains("auths.loginTypes.Passwords", options["passwordLoginTypes"]!.AsArray().Select(t => (string?)t!["fullName"]));
        _ = session;
    }

    [Fact]
    public async Task The_sandbox_link_signs_in_the_local_admin_once_under_50_parallel_redemptions_and_never_reaches_a_log()
    {
        var logs = new CapturingLoggerProvider();
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace" },
            services => services.AddSingleton<ILoggerProvider>(logs));
        var session = new ConsoleSession(host);
        var code = session.BannerCode();
        Assert.Equal(43, code.Length);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await session.SandboxSignInAsync(code);
            return (response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }));

        var winners = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode);
            Assert.Equal("EL_CONSOLE_LINK_INVALID", (string?)a.Body["code"]);
        });
        var token = (string)winners[0].Body["token"]!;
        var me = await session.GetOkAsync("console/api/me", token);
        Assert.Equal("console-admin", (string?)me["username"]);
        Assert.True((bool)me["canWrite"]!);
        Assert.Equal((long)winners[0].Body["userId"]!, (long)me["userId"]!);

        // A plain user naming itself console-admin does not become the local admin.
        using var unknown = await session.SandboxSignInAsync("bm90LWEtY29kZQ");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using var malformed = await session.SendAsync(HttpMethod.Post, "console/api/sandbox-signin", null, TestHost.Raw("{\"code\":"));
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);

        Assert.DoesNotContain(code, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs.AllText, StringComparison.Ordinal);
        Assert.Contains("Console     http://127.0.0.1:", host.Banner.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_live_mode_has_no_sandbox_signin()
    {
        using var copy = SampleAppCopy.Create();
        await using (var host = await copy.StartAsync(new Dictionary<string, string?> { ["Elements:Console:SandboxLinkLifetime"] = "00:00:00.200" }))
        {
            var session = new ConsoleSession(host);
            var code = session.BannerCode();
            await Task.Delay(TimeSpan.FromMilliseconds(400));
            using var expired = await session.SandboxSignInAsync(code);
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Equal("EL_CONSOLE_LINK_INVALID", (string?)(await TestHost.ReadProblemAsync(expired))["code"]);
        }

        await using var live = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Elements:WeChat:Mode"] = "Live",
            ["Elements:WeChat:Apps:wxlive00000000001:AppSecret"] = "from-env",
        });
        using var signIn = await new ConsoleSession(live).SandboxSignInAsync("anything");
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.DoesNotContain("#signin=", live.Banner.ToString(), StringComparison.Ordinal);
        Assert.False((bool)JsonNode.Parse(await live.Http.GetStringAsync("console/api/signin-options"))!["sandbox"]!);
    }

    [Fact]
    public async Task An_element_page_masks_secrets_names_placeholders_and_marks_what_http_cannot_reach()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var session = new ConsoleSession(host);
        var (_, viewer) = await session.ViewerAsync();
        var secret = (string)host.Services.GetRequiredService<ElementApp>().GetElementDefine("auths.loginTypes.myWeChatMiniLogin").Config["authConfig"]!["appSecret"]!;
        Assert.NotEqual("***", secret);

        using var response = await session.SendAsync(HttpMethod.Get, "console/api/elements/auths.loginTypes.myWeChatMiniLogin", viewer);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var detail = JsonNode.Parse(text)!;
        Assert.Equal("***", (string?)detail["config"]!["authConfig"]!["appSecret"]);
        Assert.Contains("WECHAT_MINI_SECRET", detail["placeholders"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("instance", (string?)detail["layer"]);
        Assert.True((bool)detail["reachable"]!);
        var getLoginCode = detail["functions"]!.AsArray().Single(f => (string?)f!["name"] == "getLoginCode")!;
        Assert.Equal("/api/demo/SampleApp/auths/loginTypes/myWeChatMiniLogin/getLoginCode", (string?)getLoginCode["path"]);
        Assert.True((bool)getLoginCode["anonymous"]!);
        Assert.True((bool)getLoginCode["callableByMe"]!);
        Assert.Contains(getLoginCode["args"]!.AsArray(), a => (string?)a!["name"] == "code");

        var list = (await session.GetOkAsync("console/api/elements", viewer))["elements"]!.AsArray();
        var type = list.Single(e => (string?)e!["fullName"] == "auths.loginTypes.PasswordType")!;
        Assert.Equal("type", (string?)type["layer"]);
        Assert.False((bool)type["reachable"]!);
        var sessions = list.Single(e => (string?)e!["fullName"] == "auths.models.SessionModel")!;
        Assert.True((bool)sessions["internal"]!);
        Assert.False((bool)sessions["reachable"]!);
        Assert.True((bool)sessions["isModel"]!);
        Assert.Equal("elements.std", (string?)sessions["app"]);

        var models = (await session.GetOkAsync("console/api/elements?type=models.Meta&layer=instance", viewer))["elements"]!.AsArray();
        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.True((bool)m!["isModel"]!));
        var users = await session.GetOkAsync("console/api/elements/auths.models.UserModel", viewer);
        Assert.Contains(users["fields"]!.AsArray(), f => (string?)f!["name"] == "userId" && (bool)f["primaryKey"]!);

        using var unknown = await session.SendAsync(HttpMethod.Get, "console/api/elements/no.such.Element", viewer);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("EL_UNKNOWN_ELEMENT", (string?)(await TestHost.ReadProblemAsync(unknown))["code"]);
    }

    private static async Task AssertRefusedAsync(ConsoleSession session, string path, string? token, HttpStatusCode status, string code)
    {
        using var response = await session.SendAsync(HttpMethod.Get, path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path} with {token ?? "no token"}: expected {(int)status}, got {(int)response.StatusCode} {body}");
        Assert.Equal(code, (string?)JsonNode.Parse(body)!["code"]);
    }
}
