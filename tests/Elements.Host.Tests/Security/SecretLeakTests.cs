using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Testing.Logging;
using Elements.WeChatSandbox.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Host.Tests.Security;

/// <summary>
/// Issue #9 "Secrets": the sample app on the real host with known, distinctive secrets, every flow run over HTTP
/// (successes and failures), and then every log entry (Trace level, exceptions included), every HTTP answer and the
/// database files are searched for every secret that was in play. Only the answers that hand a credential to its
/// owner by design (getLoginCode's loginCode/bindCode, AuthSvc.login's token) are left out of the answer scan.
/// </summary>
public sealed class SecretLeakTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string OaApp = "wx0000000000demo01";
    private const string Oa2App = "wx0000000000demo02";
    private const string MiniApp = "wx0000000000demo03";
    private const string Api = "api/demo/SampleApp/";
    private const string Mini = Api + "auths/loginTypes/myWeChatMiniLogin/";
    private const string OaLogin = Api + "auths/loginTypes/MyWechatLogin/";
    private const string Passwords = Api + "auths/loginTypes/Passwords/";
    private const string AuthSvc = Api + "auths/services/AuthSvc/";

    // The WeChat client's named HttpClient (WeChatTransport.HttpClientName, internal to Elements.WeChat).
    private const string WeChatHttpClientName = "Elements.WeChat";

    private readonly SecretSet _secrets = new();
    private readonly List<(string Where, string Text)> _answers = [];

    [Fact]
    public async Task No_secret_of_any_flow_reaches_a_log_an_answer_or_the_database_in_clear()
    {
        var logs = new CapturingLoggerProvider();
        var oaSecret = Distinct("OASECRET");
        var oa2Secret = Distinct("OA2SECRET");
        var miniSecret = Distinct("MINISECRET");
        _secrets.Add("OA appSecret", oaSecret);
        _secrets.Add("OA2 appSecret", oa2Secret);
        _secrets.Add("mini appSecret", miniSecret);

        using var copy = SampleAppCopy.Create();
        var host = await copy.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
                ["Elements:WeChat:Sandbox:Apps:0:Secret"] = oaSecret,
                ["Elements:WeChat:Sandbox:Apps:1:Secret"] = oa2Secret,
                ["Elements:WeChat:Sandbox:Apps:2:Secret"] = miniSecret,
            },
            services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                // Tokens in the database, so that the at-rest scan covers them too.
                services.AddDatabaseAccessTokenStore();
                services.AddHttpClient(WeChatHttpClientName).AddHttpMessageHandler(() => new SecretHarvester(_secrets));
            });
        try
        {
            await MiniProgramFlowAsync(host);
            await PasswordFlowAsync(host);
            await LinkingFlowAsync(host);
            var token = await OfficialAccountLoginFlowAsync(host);
            await CustomerServiceFlowAsync(host, token);
            await CallAsync(host, AuthSvc + "logout", new { token });
            await ErrorPathsAsync(host);
            await RecordAsync(host, new HttpRequestMessage(HttpMethod.Get, "healthz"));
            await RecordAsync(host, new HttpRequestMessage(HttpMethod.Get, "api/host/page"));

            // The database scan below covers the token store: the client-credential token is in it (encrypted).
            var tokens = await host.Services.GetRequiredService<ElementApp>()
                .GetElement<Elements.Std.Models.ModelElement>("wechat.models.AccessTokenModel").OpenStoreAsync();
            var row = await tokens.GetAsync(Elements.Data.Filters.Q.Eq("appId", OaApp), null);
            Assert.StartsWith("v1.", (string?)row?["tokenValue"], StringComparison.Ordinal);
        }
        finally
        {
            await host.DisposeAsync();
        }

        // Every kind of secret was really in play (otherwise the scan proves nothing).
        var kinds = _secrets.Values.Values.ToList();
        foreach (var kind in new[] { "appSecret", "session_key", "access_token (/sns/oauth2", "access_token (/cgi-bin/stable_token", "refresh_token", "password", "session token", "loginCode", "bindCode" })
        {
            Assert.True(kinds.Any(k => k.Contains(kind, StringComparison.Ordinal)), $"no {kind} was in play: {string.Join(", ", kinds)}");
        }

        var findings = new List<string>();
        foreach (var (entry, i) in logs.Entries.Select((e, i) => (e, i)))
        {
            findings.AddRange(_secrets.FindIn($"log entry {i}", entry));
        }

        foreach (var (where, text) in _answers)
        {
            findings.AddRange(_secrets.FindIn(where, text));
        }

        var appData = Path.Combine(copy.Root, "appData");
        var files = Directory.EnumerateFiles(appData, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("field-protection.key", StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            // SQLite keeps text as UTF-8; Latin-1 maps every byte to one char, so an ASCII secret is found as is.
            findings.AddRange(_secrets.FindIn("database file " + Path.GetFileName(file), Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file))));
        }

        output.WriteLine($"scanned: {_secrets.Count} secrets ({string.Join(", ", kinds.Select(k => k.Split(" (")[0]).Distinct())}) in "
            + $"{logs.Count} log entries, {_answers.Count} HTTP answers, {files.Count} database files");
        Assert.True(logs.Count > 200, $"only {logs.Count} log entries: was Trace logging captured?");
        Assert.True(findings.Count == 0, $"{findings.Count} leak(s) of {_secrets.Count} secrets in {logs.Count} log entries, "
            + $"{_answers.Count} answers, {files.Count} database files:\n" + string.Join("\n", findings.DistinctBy(Kind).Take(40)));
    }

    // One finding per kind of secret and kind of place, so that one cause does not hide another.
    private static string Kind(string finding) =>
        System.Text.RegularExpressions.Regex.Replace(finding[..finding.IndexOf(':', StringComparison.Ordinal)], @"\d+|\([^)]*\)", "");

    private static string Distinct(string label) => $"{label}{Guid.NewGuid():N}";

    // ------------------------------------------------------------------ flows

    private async Task MiniProgramFlowAsync(TestHost host)
    {
        var bind = await CallAsync(host, Mini + "getLoginCode", new { code = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "alice")).Code }, designed: true);
        var bindCode = (string)bind["bindCode"]!;
        _secrets.Add("mini bindCode", bindCode);
        var user = await CallAsync(host, Mini + "register", new { bindCode });
        var userId = (long)user["userId"]!;

        var login = await CallAsync(host, Mini + "getLoginCode", new { code = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "alice")).Code }, designed: true);
        var token = await SessionAsync(host, (string)login["loginCode"]!, "mini");

        await CallAsync(host, AuthSvc + "getCurrentUser", new { token });
        var profile = await host.Sandbox.EncryptUserProfileAsync(MiniApp, "alice");
        _secrets.Add("mini session_key (control API)", profile.SessionKey);
        await CallAsync(host, Mini + "decryptUserData",
            new { userId, encryptedData = profile.EncryptedData, iv = profile.Iv, rawData = profile.RawData, signature = profile.Signature }, token);
        // A wrong signature: the error must not carry the session_key it was checked with.
        await CallAsync(host, Mini + "decryptUserData",
            new { userId, encryptedData = profile.EncryptedData, iv = profile.Iv, rawData = profile.RawData, signature = new string('0', 40) }, token, expect: HttpStatusCode.UnprocessableEntity);
        await CallAsync(host, Mini + "getPhoneNumber", new { phoneCode = (await host.Sandbox.MintPhoneCodeAsync(MiniApp, "alice")).Code, userId }, token);
        await CallAsync(host, Mini + "unbind", new { userId }, token);
        await CallAsync(host, Mini + "bind", new { userId, code = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "alice")).Code }, token);
        await CallAsync(host, AuthSvc + "logout", new { token });
        // The revoked token is no session any more.
        await CallAsync(host, Mini + "unbind", new { userId }, token, expect: HttpStatusCode.Unauthorized);
    }

    private async Task PasswordFlowAsync(TestHost host)
    {
        var password = Distinct("PASSWORD");
        _secrets.Add("password", password);
        var wrong = Distinct("WRONGPASSWORD");
        _secrets.Add("wrong password", wrong);
        await CallAsync(host, Passwords + "register", new { username = "carol", password });
        await CallAsync(host, Passwords + "register", new { username = "carol", password }, expect: HttpStatusCode.UnprocessableEntity);
        await CallAsync(host, Passwords + "register", new { username = "dave", password = "Ab1-" + Guid.NewGuid().ToString("N")[..2] }, expect: HttpStatusCode.UnprocessableEntity);
        await CallAsync(host, Passwords + "getLoginCode", new { username = "carol", password = wrong }, expect: HttpStatusCode.UnprocessableEntity);
        await CallAsync(host, Passwords + "getLoginCode", new { username = "nobody", password }, expect: HttpStatusCode.UnprocessableEntity);
        var login = await CallAsync(host, Passwords + "getLoginCode", new { username = "carol", password }, designed: true);
        var token = await SessionAsync(host, (string)login["loginCode"]!, "password");
        await CallAsync(host, AuthSvc + "getCurrentUser", new { token });
        await CallAsync(host, AuthSvc + "logout", new { token });
    }

    private async Task LinkingFlowAsync(TestHost host)
    {
        var consent = await ExpectRedirectAsync(host, Get(LinkingDriver.AuthoriseUrl("demo", LinkingDriver.AppUri(host))));
        var callback = await ConsentAsync(host, consent, "alice");
        var landed = await ExpectRedirectAsync(host, Get(callback.AbsoluteUri));
        var profileId = LinkingDriver.Query(landed)["profile_id"];
        await RecordAsync(host, Get("api/profile/" + profileId));
        // Replaying the callback (state already used) and a denied consent.
        await RecordAsync(host, Get(callback.AbsoluteUri));
        var denied = await ConsentAsync(host, await ExpectRedirectAsync(host, Get(LinkingDriver.AuthoriseUrl("demo2", LinkingDriver.AppUri(host)))), "bob", allow: false);
        await RecordAsync(host, Get(denied.AbsoluteUri));
    }

    private async Task<string> OfficialAccountLoginFlowAsync(TestHost host)
    {
        var redirectUrl = LinkingDriver.AppUri(host, "oa-done");
        async Task<Dictionary<string, string>> AuthoriseAsync(string user)
        {
            using var response = await PostAsync(host, OaLogin + "login", new { redirectUrl, userAgent = LinkingDriver.WeChatUserAgent });
            var url = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.GetValue<string>();
            return LinkingDriver.Query(await ConsentAsync(host, new Uri(url), user));
        }

        var first = await AuthoriseAsync("bob");
        var bind = await CallAsync(host, OaLogin + "getLoginCode", new { code = first["code"], state = first["state"] }, designed: true);
        _secrets.Add("OA bindCode", (string)bind["bindCode"]!);
        await CallAsync(host, OaLogin + "register", new { bindCode = (string)bind["bindCode"]! });
        // The same state again: single use.
        await CallAsync(host, OaLogin + "getLoginCode", new { code = first["code"], state = first["state"] }, expect: HttpStatusCode.UnprocessableEntity);

        var second = await AuthoriseAsync("bob");
        var login = await CallAsync(host, OaLogin + "getLoginCode", new { code = second["code"], state = second["state"] }, designed: true);
        var token = await SessionAsync(host, (string)login["loginCode"]!, "OA");
        var user = await CallAsync(host, AuthSvc + "getCurrentUser", new { token });
        // Syncing any WeChat user's profile and messaging are administrators' functions.
        await host.Services.GetRequiredService<ElementApp>().InvokeAsync("roles.services.RoleSvc", "addMember",
            new JsonObject { ["userId"] = (long)user["userId"]!, ["roleName"] = "roles.Admin" });
        await CallAsync(host, OaLogin + "services/WechatPublicAuthSvc/syncUserInfo",
            new { openid = (await host.Sandbox.GetUserAsync(OaApp, "bob")).OpenId }, token);
        return token;
    }

    private async Task CustomerServiceFlowAsync(TestHost host, string token)
    {
        var openid = (await host.Sandbox.GetUserAsync(OaApp, "bob")).OpenId;
        await host.Sandbox.RecordInteractionAsync(OaApp, "bob");
        await CallAsync(host, Api + "messages/MyCustomService/sendText", new { openid, content = "hello" }, token);
        // WeChat rejects the access token (40001): the client drops it, fetches a new one and retries.
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/message/custom/send", Errcode = 40001 });
        await CallAsync(host, Api + "messages/MyCustomService/sendText", new { openid, content = "again" }, token);
        await CallAsync(host, Api + "messages/MyCustomService/sendTextBatch",
            new { items = new object[] { new { openid, content = "one" }, new { openid = "not-an-openid", content = "two" } }, continueOnFail = true }, token);
    }

    private async Task ErrorPathsAsync(TestHost host)
    {
        // Invalid codes, WeChat refusing, WeChat failing at the transport level, garbage answers.
        await CallAsync(host, Mini + "getLoginCode", new { code = "invalid-code-0123456789" }, expect: HttpStatusCode.UnprocessableEntity);
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Errcode = 45011 });
        await CallAsync(host, Mini + "getLoginCode", new { code = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "bob")).Code }, expect: HttpStatusCode.UnprocessableEntity);
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", HttpStatus = 500, Count = 5 });
        await RecordAsync(host, Post(Mini + "getLoginCode", new { code = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "bob")).Code }));
        await host.Sandbox.ClearFaultsAsync();
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", MalformedJson = true, Count = 5 });
        await RecordAsync(host, Post(Mini + "getLoginCode", new { code = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "bob")).Code }));
        await host.Sandbox.ClearFaultsAsync();
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/sns/oauth2/access_token", HttpStatus = 500, Count = 5 });
        var consent = await ExpectRedirectAsync(host, Get(LinkingDriver.AuthoriseUrl("demo", LinkingDriver.AppUri(host))));
        await RecordAsync(host, Get((await ConsentAsync(host, consent, "alice")).AbsoluteUri));
        await host.Sandbox.ClearFaultsAsync();
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/stable_token", Errcode = 40125, Count = 5 });
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/token", Errcode = 40125, Count = 5 });
        await RecordAsync(host, Post(Mini + "getPhoneNumber", new { phoneCode = (await host.Sandbox.MintPhoneCodeAsync(MiniApp, "bob")).Code }));
        await host.Sandbox.ClearFaultsAsync();

        // Codes and tokens that are wrong, used or garbage; bodies that are not what the API takes.
        await CallAsync(host, AuthSvc + "login", new { loginCode = "not-a-login-code-0123456789" }, expect: HttpStatusCode.UnprocessableEntity);
        await CallAsync(host, Mini + "register", new { bindCode = "not-a-bind-code-0123456789" }, expect: HttpStatusCode.UnprocessableEntity);
        await CallAsync(host, Mini + "unbind", new { userId = 1 }, "not-a-session-token-0123456789", expect: HttpStatusCode.Unauthorized);
        await RecordAsync(host, new HttpRequestMessage(HttpMethod.Post, Mini + "getLoginCode") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") });
        await CallAsync(host, Mini + "getLoginCode", new { code = "x", secret = "y" }, expect: HttpStatusCode.BadRequest);
    }

    // ------------------------------------------------------------------ HTTP with a transcript

    private async Task<string> SessionAsync(TestHost host, string loginCode, string what)
    {
        _secrets.Add($"{what} loginCode", loginCode);
        var session = await CallAsync(host, AuthSvc + "login", new { loginCode }, designed: true);
        var token = (string)session["token"]!;
        _secrets.Add($"{what} session token", token);
        return token;
    }

    /// <summary>POSTs named args; asserts the status; records the answer unless it hands a credential out by design.</summary>
    private async Task<JsonObject> CallAsync(TestHost host, string path, object args, string? bearer = null, HttpStatusCode expect = HttpStatusCode.OK, bool designed = false)
    {
        using var request = Post(path, args);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!designed)
        {
            Record(path, response, text);
        }

        Assert.True(expect == response.StatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text) as JsonObject ?? [];
    }

    private async Task<HttpResponseMessage> PostAsync(TestHost host, string path, object args)
    {
        var response = await host.Http.SendAsync(Post(path, args));
        await response.Content.LoadIntoBufferAsync();
        Record(path, response, await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return response;
    }

    private async Task RecordAsync(TestHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await host.NoRedirect.SendAsync(request);
            Record(request.RequestUri!.OriginalString, response, await response.Content.ReadAsStringAsync());
        }
    }

    private async Task<Uri> ExpectRedirectAsync(TestHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await host.NoRedirect.SendAsync(request);
            Record(request.RequestUri!.OriginalString, response, await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location!;
        }
    }

    private async Task<Uri> ConsentAsync(TestHost host, Uri consentPage, string user, bool allow = true)
    {
        var q = LinkingDriver.Query(consentPage);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["appid"] = q["appid"], ["redirect_uri"] = q["redirect_uri"], ["scope"] = q["scope"], ["state"] = q["state"],
            ["user"] = user, ["decision"] = allow ? "allow" : "deny",
        });
        return await ExpectRedirectAsync(host, new HttpRequestMessage(HttpMethod.Post, "connect/oauth2/authorize/confirm") { Content = form });
    }

    private void Record(string path, HttpResponseMessage response, string body)
    {
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
        lock (_answers)
        {
            _answers.Add(($"answer {_answers.Count} ({(int)response.StatusCode} {path})", headers + "\n\n" + body));
        }
    }

    private static HttpRequestMessage Get(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", LinkingDriver.WeChatUserAgent);
        return request;
    }

    private static HttpRequestMessage Post(string path, object args) => new(HttpMethod.Post, path) { Content = JsonContent.Create(args) };
}
