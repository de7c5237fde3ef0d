using System.Text.Json.Nodes;
using Elements.Std.Tests.Support;
using Elements.WeChat.Errors;
using Elements.WeChatSandbox.Contracts;

namespace Elements.Std.Tests.Messages.WechatCustomType;

/// <summary>WeChat's refusals surface through the element with their errcode (the client's WeChatException passes through).</summary>
public sealed class WeChatErrorTests : MessagingTestBase
{
    [Fact]
    public async Task Unknown_openid_is_40003()
    {
        using var app = LoadApp();

        var error = await Assert.ThrowsAsync<WeChatException>(() => SendTextAsync(app, UnknownOpenId, "hello"));

        Assert.Equal("WECHAT_40003", error.Code);
        Assert.Equal(40003, error.Errcode);
        Assert.Equal(40003, error.Details!["errcode"]!.GetValue<int>());
        Assert.Equal("/cgi-bin/message/custom/send", error.Details["endpoint"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error.Rid));
        Assert.Equal(1, await CallsAsync(SendPath));
    }

    [Fact]
    public async Task A_user_who_never_wrote_is_45015()
    {
        using var app = LoadApp();
        var openId = await OpenIdAsync(Alice);

        var error = await Assert.ThrowsAsync<WeChatUserException>(() => SendTextAsync(app, openId, "hello"));

        Assert.Equal("WECHAT_45015", error.Code);
        Assert.Equal(45015, error.Errcode);
        Assert.Empty(await Control.GetMessagesAsync(AppId));
    }

    [Fact]
    public async Task Forty_eight_hours_after_the_last_interaction_sending_is_45015()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);
        await SendTextAsync(app, openId, "within the window");

        await Control.AdvanceClockAsync(TimeSpan.FromHours(47) + TimeSpan.FromMinutes(59));
        await SendTextAsync(app, openId, "still within the window");
        await Control.AdvanceClockAsync(TimeSpan.FromMinutes(2));
        var error = await Assert.ThrowsAsync<WeChatUserException>(() => SendTextAsync(app, openId, "too late"));

        Assert.Equal(45015, error.Errcode);
        Assert.Equal(["within the window", "still within the window"],
            (await Control.GetMessagesAsync(AppId)).Select(m => m.Body["text"]!["content"]!.GetValue<string>()));

        // The user writes again: the window reopens.
        await Control.RecordInteractionAsync(AppId, Alice);
        await SendTextAsync(app, openId, "after the user wrote");
        Assert.Equal(3, (await Control.GetMessagesAsync(AppId)).Count);
    }

    [Fact]
    public async Task Too_many_messages_for_one_interaction_is_45047_and_not_retried()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Bob);
        for (var i = 0; i < 5; i++)
        {
            await SendTextAsync(app, openId, $"message {i}");
        }

        var error = await Assert.ThrowsAsync<WeChatRateLimitedException>(() => SendTextAsync(app, openId, "one too many"));

        Assert.Equal("WECHAT_45047", error.Code);
        Assert.Equal(45047, error.Errcode);
        Assert.Equal(6, await CallsAsync(SendPath));
        Assert.Equal(5, (await Control.GetMessagesAsync(AppId)).Count);
    }

    [Fact]
    public async Task The_daily_quota_is_45009()
    {
        await RegisterOfficialAppAsync(dailyQuotas: new() { [SendPath] = 2 });
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var bob = await InteractAsync(Bob);
        await SendTextAsync(app, alice, "one");
        await SendTextAsync(app, bob, "two");

        var error = await Assert.ThrowsAsync<WeChatRateLimitedException>(() =>
            app.InvokeAsync(Element, "sendImage", new JsonObject { ["openid"] = alice, ["mediaId"] = "M1" }));

        Assert.Equal("WECHAT_45009", error.Code);
        Assert.Equal(45009, error.Errcode);
        Assert.Equal(3, await CallsAsync(SendPath));
    }

    [Theory]
    [InlineData("stable", StableTokenPath)]
    [InlineData("classic", ClassicTokenPath)]
    public async Task An_expired_access_token_is_refreshed_and_the_send_retried_once(string tokenMode, string tokenPath)
    {
        using var app = LoadApp(tokenMode);
        var openId = await InteractAsync(Alice);
        await SendTextAsync(app, openId, "first");
        Assert.Equal(1, await CallsAsync(tokenPath));

        // Two hours later (sandbox time) the cached token has expired for WeChat, while the element's clock thinks
        // it is fresh: WeChat answers 42001, the client drops the token, fetches a new one and retries once.
        await Control.AdvanceClockAsync(TimeSpan.FromSeconds(7200) + TimeSpan.FromMinutes(1));
        var result = await SendTextAsync(app, openId, "second");

        Assert.Equal(0, result!["errcode"]!.GetValue<int>());
        Assert.Equal(2, await CallsAsync(tokenPath));
        Assert.Equal(3, await CallsAsync(SendPath));
        Assert.Equal(["first", "second"], (await Control.GetMessagesAsync(AppId)).Select(m => m.Body["text"]!["content"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(40014)]
    [InlineData(42001)]
    public async Task A_rejected_token_is_refreshed_once_and_a_second_rejection_surfaces(int errcode)
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);

        // One rejection: refreshed and retried, delivered.
        await Control.InjectFaultAsync(new SandboxFault { Path = SendPath, Count = 1, Errcode = errcode });
        await SendTextAsync(app, openId, "delivered after one retry");
        Assert.Equal(2, await CallsAsync(SendPath));
        Assert.Equal(2, await CallsAsync(StableTokenPath));

        // Two rejections in a row: exactly one retry, then WeChat's error with its errcode.
        await Control.InjectFaultAsync(new SandboxFault { Path = SendPath, Count = 2, Errcode = errcode });
        var error = await Assert.ThrowsAsync<WeChatInvalidCredentialException>(() => SendTextAsync(app, openId, "never delivered"));

        Assert.Equal($"WECHAT_{errcode}", error.Code);
        Assert.Equal(errcode, error.Errcode);
        Assert.Equal(4, await CallsAsync(SendPath));
        Assert.Equal(3, await CallsAsync(StableTokenPath));
        Assert.Equal(["delivered after one retry"], (await Control.GetMessagesAsync(AppId)).Select(m => m.Body["text"]!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_token_endpoint_failure_surfaces_with_its_errcode_and_nothing_is_sent()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);
        await Control.InjectFaultAsync(new SandboxFault { Path = StableTokenPath, Count = 1, Errcode = 40164 });

        var error = await Assert.ThrowsAsync<WeChatConfigurationException>(() => SendTextAsync(app, openId, "hello"));

        Assert.Equal("WECHAT_40164", error.Code);
        Assert.Equal(0, await CallsAsync(SendPath));
    }

    [Fact]
    public async Task A_wrong_app_secret_surfaces_as_wechats_error_without_the_secret()
    {
        using var app = LoadApp(InstanceConfig(), new Dictionary<string, string> { [SecretVariable] = "wrong-secret-0123456789abcdef" });
        var openId = await InteractAsync(Alice);

        var error = await Assert.ThrowsAsync<WeChatConfigurationException>(() => SendTextAsync(app, openId, "hello"));

        Assert.Equal("WECHAT_40125", error.Code);
        Assert.DoesNotContain("wrong-secret-0123456789abcdef", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-0123456789abcdef", error.Details!.ToJsonString(), StringComparison.Ordinal);
    }
}
