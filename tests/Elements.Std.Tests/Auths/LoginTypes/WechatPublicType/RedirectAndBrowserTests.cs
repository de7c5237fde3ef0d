using System.Text.Json.Nodes;
using Elements.Std.Auths.WeChatPublic;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths.LoginTypes.WechatPublicType;

/// <summary>The redirect allowlist (no open redirect) and the User-Agent checks.</summary>
public sealed class RedirectAndBrowserTests : IAsyncLifetime
{
    private WeChatPublicLoginHarness _h = null!;

    public async Task InitializeAsync() => _h = await WeChatPublicLoginHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("https://evil.example.com/cb", WeChatPublicErrorCodes.RedirectDomain)]
    [InlineData("http://127.0.0.1.evil.example.com/cb", WeChatPublicErrorCodes.RedirectDomain)]
    [InlineData("http://sub.localhost/cb", WeChatPublicErrorCodes.RedirectDomain)]
    [InlineData("http://localhost.example.com/cb", WeChatPublicErrorCodes.RedirectDomain)]
    [InlineData("http://evil.example.com\\@127.0.0.1/cb", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("http://127.0.0.1@evil.example.com/cb", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("http://user:pw@127.0.0.1/cb", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("javascript:alert(1)", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("ftp://127.0.0.1/cb", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("//127.0.0.1/cb", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("/wechat/callback", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("http://127.0.0.1/cb#top", WeChatPublicErrorCodes.RedirectInvalid)]
    [InlineData("", WeChatPublicErrorCodes.RedirectInvalid)]
    public async Task Redirect_urls_outside_redirectDomains_are_refused(string redirectUrl, string code)
    {
        var ex = await Assert.ThrowsAsync<ElementException>(() => _h.InvokeAsync(WeChatPublicLoginHarness.Instance, "login", new JsonObject { ["redirectUrl"] = redirectUrl }));
        Assert.Equal(code, ex.Code);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/wechat/callback", "http%3A%2F%2F127.0.0.1%3A5080%2Fwechat%2Fcallback")]
    [InlineData("https://localhost/cb?a=1&b=two", "https%3A%2F%2Flocalhost%2Fcb%3Fa%3D1%26b%3Dtwo")]
    [InlineData("HTTP://LOCALHOST/cb", "http%3A%2F%2Flocalhost%2Fcb")]
    public async Task Allowed_redirect_urls_are_sent_normalized_and_url_encoded(string redirectUrl, string encoded)
    {
        var url = (await _h.InvokeAsync(WeChatPublicLoginHarness.Instance, "login", new JsonObject { ["redirectUrl"] = redirectUrl }))!.GetValue<string>();
        Assert.Contains("&redirect_uri=" + encoded + "&response_type=code&", url);
    }

    [Fact]
    public async Task A_port_in_redirectDomains_pins_the_port_and_an_empty_list_refuses_everything()
    {
        await using (var pinned = await WeChatPublicLoginHarness.StartAsync(config: c => c["redirectDomains"] = new JsonArray("127.0.0.1:5080")))
        {
            await pinned.InvokeAsync(WeChatPublicLoginHarness.Instance, "login", new JsonObject { ["redirectUrl"] = "http://127.0.0.1:5080/cb" });
            var ex = await Assert.ThrowsAsync<ElementException>(() =>
                pinned.InvokeAsync(WeChatPublicLoginHarness.Instance, "login", new JsonObject { ["redirectUrl"] = "http://127.0.0.1:5081/cb" }));
            Assert.Equal(WeChatPublicErrorCodes.RedirectDomain, ex.Code);
        }

        await using var none = await WeChatPublicLoginHarness.StartAsync(config: c => c.Remove("redirectDomains"));
        var refused = await Assert.ThrowsAsync<ElementException>(() =>
            none.InvokeAsync(WeChatPublicLoginHarness.Instance, "login", new JsonObject { ["redirectUrl"] = "http://127.0.0.1/cb" }));
        Assert.Equal(WeChatPublicErrorCodes.RedirectDomain, refused.Code);
        Assert.Contains("redirectDomains", refused.Message);
    }

    [Fact]
    public async Task Login_outside_wechat_is_refused_when_the_user_agent_is_given()
    {
        var ex = await Assert.ThrowsAsync<ElementException>(() => _h.InvokeAsync(WeChatPublicLoginHarness.Instance, "login",
            new JsonObject { ["redirectUrl"] = WeChatPublicLoginHarness.Callback, ["userAgent"] = Chrome }));
        Assert.Equal(WeChatPublicErrorCodes.NotWeChatBrowser, ex.Code);
        Assert.Contains("open this page in WeChat", ex.Message);
        var url = await _h.InvokeAsync(WeChatPublicLoginHarness.Instance, "login", new JsonObject { ["redirectUrl"] = WeChatPublicLoginHarness.Callback, ["userAgent"] = WeChat });
        Assert.EndsWith("#wechat_redirect", url!.GetValue<string>());
    }

    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    private const string WeChat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
    private const string WeChatAndroid = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20240404 MMWEBID/1234 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    private const string WeChatWork = "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.116 Safari/537.36 QBCore/4.0.1326.400 QQBrowser/9.0.2524.400 Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWeChat(0x63090a13) wxwork/4.1.22 (MicroMessenger/6.2) WeChat/2.0.4";
    private const string MiniProgram = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42(0x18002a2f) NetType/4G Language/zh_CN miniProgram/wx1234567890abcdef";
    private const string MiniProgramLower = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/111.0 Mobile Safari/537.36 MMWEBSDK/20230805 MicroMessenger/8.0.42.2460(0x28002A35) WeChat/arm64 Weixin miniprogram";
    private const string QqBrowser = "Mozilla/5.0 (Linux; U; Android 12; zh-cn) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 MQQBrowser/13.4 Mobile Safari/537.36";
    private const string FakeMiniProgram = "Mozilla/5.0 Safari/605.1.15 miniProgram";

    public static TheoryData<string?, bool, bool, bool, string?> UserAgents => new()
    {
        { WeChat, true, false, false, "8.0.47" },
        { WeChatAndroid, true, false, false, "8.0.49.2600" },
        { WeChatWork, true, true, false, "7.0.20.1781" },
        { MiniProgram, true, false, true, "8.0.42" },
        { MiniProgramLower, true, false, true, "8.0.42.2460" },
        { Chrome, false, false, false, null },
        { QqBrowser, false, false, false, null },
        { FakeMiniProgram, false, false, false, null },
        { "micromessenger/6.5.2", true, false, false, "6.5.2" },
        { "", false, false, false, null },
        { null, false, false, false, null },
    };

    [Theory]
    [MemberData(nameof(UserAgents))]
    public async Task IsWeChatBrowser_and_detectBrowser_read_the_user_agent(string? userAgent, bool isWechat, bool isWechatWork, bool isMiniProgram, string? version)
    {
        var args = new JsonObject { ["userAgent"] = userAgent };
        Assert.Equal(isWechat, (await _h.InvokeAsync(WeChatPublicLoginHarness.Instance, "isWechatBrowser", args))!.GetValue<bool>());
        var detected = (JsonObject)(await _h.InvokeAsync(WeChatPublicLoginHarness.Instance, "detectBrowser", (JsonObject)args.DeepClone()))!;
        Assert.Equal(["isWechat", "isWechatWork", "isMiniProgram", "version"], detected.Select(p => p.Key));
        Assert.Equal(isWechat, (bool)detected["isWechat"]!);
        Assert.Equal(isWechatWork, (bool)detected["isWechatWork"]!);
        Assert.Equal(isMiniProgram, (bool)detected["isMiniProgram"]!);
        Assert.Equal(version, (string?)detected["version"]);
    }

    [Fact]
    public async Task IsWeChatBrowser_without_a_user_agent_is_false()
    {
        Assert.False((await _h.InvokeAsync(WeChatPublicLoginHarness.Instance, "isWechatBrowser", null))!.GetValue<bool>());
    }
}
