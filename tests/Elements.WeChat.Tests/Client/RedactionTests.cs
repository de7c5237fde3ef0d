using Elements.WeChat.Configuration;
using Elements.WeChat.Errors;
using Elements.WeChat.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Client;

/// <summary>Secrets, tokens, session keys, refresh tokens and codes never show up in logs or exception texts.</summary>
public sealed class RedactionTests : SandboxTestBase
{
    [Fact]
    public async Task Logs_and_errors_never_contain_credentials()
    {
        var errors = new List<Exception>();
        var secrets = new List<string> { OfficialSecret, MiniSecret };

        // Successful calls of every credential-bearing kind.
        var login = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        secrets.Add(login.Code);
        var session = await Client.Code2SessionAsync(MiniAppId, login.Code);
        secrets.Add(session.SessionKey);
        var oauthCode = await Sandbox.Control.MintOAuthCodeAsync(OfficialAppId, Alice);
        secrets.Add(oauthCode.Code);
        var oauth = await Client.ExchangeOAuthCodeAsync(OfficialAppId, oauthCode.Code);
        secrets.Add(oauth.AccessToken);
        secrets.Add(oauth.RefreshToken);
        var refreshed = await Client.RefreshOAuthTokenAsync(OfficialAppId, oauth.RefreshToken);
        secrets.Add(refreshed.AccessToken);
        await Client.GetUserInfoAsync(OfficialAppId, refreshed.AccessToken, refreshed.OpenId);
        var appToken = await Client.GetAccessTokenAsync(OfficialAppId);
        secrets.Add(appToken);
        var classic = await Client.RequestClassicAccessTokenAsync(MiniAppId);
        secrets.Add(classic.AccessToken);

        // Failures of every kind, on the same credential-bearing requests.
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Errcode = 40029, Errmsg = $"invalid code {login.Code} for secret {MiniSecret}" });
        errors.Add(await Assert.ThrowsAnyAsync<WeChatException>(() => Client.Code2SessionAsync(MiniAppId, login.Code)));
        errors.Add(await Assert.ThrowsAnyAsync<WeChatException>(() => Client.Code2SessionAsync(MiniAppId, login.Code)));
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/userinfo", HttpStatus = 500, Count = 10 });
        errors.Add(await Assert.ThrowsAnyAsync<WeChatException>(() => Client.GetUserInfoAsync(OfficialAppId, refreshed.AccessToken, refreshed.OpenId)));
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/oauth2/refresh_token", DropConnection = true, Count = 10 });
        errors.Add(await Assert.ThrowsAnyAsync<WeChatException>(() => Client.RefreshOAuthTokenAsync(OfficialAppId, oauth.RefreshToken)));
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/token", MalformedJson = true });
        errors.Add(await Assert.ThrowsAnyAsync<WeChatException>(() => Client.RequestClassicAccessTokenAsync(MiniAppId)));
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/wxa/business/getuserphonenumber", Errcode = 40001, Count = 2 });
        errors.Add(await Assert.ThrowsAnyAsync<WeChatException>(() => Client.GetUserPhoneNumberAsync(OfficialAppId, "phone-code-123456")));

        var logs = Harness.Logs.AllText;
        Assert.Contains("/sns/jscode2session", logs); // the loggers did run
        Assert.Contains("secret=***", logs);
        var texts = errors.Select(error => error.ToString() + error.Message + (error as ElementException)?.Details?.ToJsonString()).ToList();
        texts.Add(session.ToString());
        texts.Add(oauth.ToString());
        texts.Add(classic.ToString());
        texts.Add((await Harness.Store.GetAsync(OfficialAppId))!.ToString());
        foreach (var secret in secrets.Append("phone-code-123456"))
        {
            Assert.DoesNotContain(secret, logs);
            foreach (var text in texts)
            {
                Assert.DoesNotContain(secret, text);
            }
        }
    }

    [Fact]
    public void Options_do_not_print_the_app_secret()
    {
        var options = new WeChatOptions().AddApp("wxapp", "top-secret-value");
        Assert.DoesNotContain("top-secret-value", options.Apps["wxapp"].ToString());
    }
}
