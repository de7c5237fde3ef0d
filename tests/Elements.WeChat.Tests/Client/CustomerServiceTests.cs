using Elements.WeChat.Errors;
using Elements.WeChat.Messages;
using Elements.WeChat.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Client;

/// <summary>Customer-service messages: every type on the wire, the 48-hour window and the per-interaction limit.</summary>
public sealed class CustomerServiceTests : SandboxTestBase
{
    [Fact]
    public async Task Every_message_type_is_delivered_in_wechat_format()
    {
        var openId = await InteractAsync();
        await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration { AppId = OfficialAppId, Secret = OfficialSecret, MessagesPerInteraction = 10 });
        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);

        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "你好") { KfAccount = "kf2001@gh_demo" });
        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatImageMessage(openId, "MEDIA_ID_1"));
        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatNewsMessage(openId, [new WeChatNewsArticle("Title", "Desc", "https://example.com/a", "https://example.com/p.png")]));
        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatMiniProgramPageMessage(openId, "Open", MiniAppId, "pages/index/index", "THUMB_1"));

        var messages = await Sandbox.Control.GetMessagesAsync(OfficialAppId);
        Assert.Equal(["text", "image", "news", "miniprogrampage"], messages.Select(m => m.MsgType));
        Assert.All(messages, m => Assert.Equal(Alice, m.UserId));
        Assert.Equal("你好", messages[0].Body["text"]!["content"]!.GetValue<string>());
        Assert.Equal("kf2001@gh_demo", messages[0].KfAccount);
        Assert.Null(messages[1].Body["customservice"]);
        Assert.Equal("MEDIA_ID_1", messages[1].Body["image"]!["media_id"]!.GetValue<string>());
        var article = messages[2].Body["news"]!["articles"]![0]!;
        Assert.Equal("https://example.com/p.png", article["picurl"]!.GetValue<string>());
        Assert.Equal("pages/index/index", messages[3].Body["miniprogrampage"]!["pagepath"]!.GetValue<string>());
        Assert.Equal("THUMB_1", messages[3].Body["miniprogrampage"]!["thumb_media_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_an_interaction_in_48_hours_sending_is_45015()
    {
        var openId = (await Sandbox.Control.GetUserAsync(OfficialAppId, Alice)).OpenId;
        var never = await Assert.ThrowsAsync<WeChatUserException>(() => Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "hi")));
        Assert.Equal(45015, never.Errcode);

        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);
        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "within 48 h"));
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        // The client's token (real time) is now expired for the sandbox: dropped, retried, then the window rule answers.
        var late = await Assert.ThrowsAsync<WeChatUserException>(() => Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "too late")));
        Assert.Equal(45015, late.Errcode);
    }

    [Fact]
    public async Task Each_interaction_allows_a_limited_number_of_messages_then_45047_without_retry()
    {
        var openId = await InteractAsync();
        for (var i = 0; i < 5; i++)
        {
            await Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, $"message {i}"));
        }

        var error = await Assert.ThrowsAsync<WeChatRateLimitedException>(() => Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "one too many")));
        Assert.Equal(45047, error.Errcode);
        Assert.Equal(6, await Sandbox.Control.GetCallCountAsync("/cgi-bin/message/custom/send"));

        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);
        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "after the user wrote again"));
        Assert.Equal(6, (await Sandbox.Control.GetMessagesAsync(OfficialAppId)).Count);
    }

    [Fact]
    public async Task Daily_message_quota_is_45009()
    {
        await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = OfficialAppId,
            Secret = OfficialSecret,
            DailyQuotas = new() { ["/cgi-bin/message/custom/send"] = 1 },
        });
        var openId = await InteractAsync();
        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "first"));
        var error = await Assert.ThrowsAsync<WeChatRateLimitedException>(() => Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "second")));
        Assert.Equal(45009, error.Errcode);
    }

    [Fact]
    public async Task Unknown_recipients_are_40003()
    {
        await InteractAsync();
        var error = await Assert.ThrowsAsync<WeChatException>(() => Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage("o-nobody", "hi")));
        Assert.Equal(40003, error.Errcode);
    }

    private async Task<string> InteractAsync()
    {
        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);
        return (await Sandbox.Control.GetUserAsync(OfficialAppId, Alice)).OpenId;
    }
}
