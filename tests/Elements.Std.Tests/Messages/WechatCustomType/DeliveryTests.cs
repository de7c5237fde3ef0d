using System.Text.Json.Nodes;
using Elements.Std.Messages;
using Elements.Std.Tests.Support;
using Elements.WeChat.Configuration;

namespace Elements.Std.Tests.Messages.WechatCustomType;

/// <summary>Every message type through <c>ElementApp.InvokeAsync</c>, delivered and read back from the sandbox.</summary>
public sealed class DeliveryTests : MessagingTestBase
{
    [Fact]
    public async Task SendText_delivers_the_text_and_returns_wechats_answer()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);

        var result = await SendTextAsync(app, openId, "您好，您的订单已发货 📦");

        Assert.Equal(0, result!["errcode"]!.GetValue<int>());
        Assert.Equal("ok", result["errmsg"]!.GetValue<string>());
        Assert.Null(result["msgid"]);
        var message = Assert.Single(await Control.GetMessagesAsync(AppId));
        Assert.Equal(Alice, message.UserId);
        Assert.Equal(openId, message.ToUser);
        Assert.Equal("text", message.MsgType);
        Assert.Equal("您好，您的订单已发货 📦", message.Body["text"]!["content"]!.GetValue<string>());
        Assert.Null(message.KfAccount);
    }

    [Fact]
    public async Task SendText_as_a_customer_service_account()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);

        await app.InvokeAsync(Element, "sendText", new JsonObject { ["openid"] = openId, ["content"] = "hi", ["kfAccount"] = "kf2001@gh_demo" });

        Assert.Equal("kf2001@gh_demo", Assert.Single(await Control.GetMessagesAsync(AppId)).KfAccount);
    }

    [Fact]
    public async Task SendImage_delivers_the_media_id()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Bob);

        var result = await app.InvokeAsync(Element, "sendImage", new JsonObject { ["openid"] = openId, ["mediaId"] = "MEDIA_ID_123" });

        Assert.Equal(0, result!["errcode"]!.GetValue<int>());
        var message = Assert.Single(await Control.GetMessagesAsync(AppId));
        Assert.Equal(("image", Bob), (message.MsgType, message.UserId));
        Assert.Equal("MEDIA_ID_123", message.Body["image"]!["media_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendNews_delivers_one_article_in_wechat_field_names()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);

        var result = await app.InvokeAsync(Element, "sendNews", new JsonObject
        {
            ["openid"] = openId,
            ["articles"] = new JsonArray(new JsonObject
            {
                ["title"] = "Spring sale",
                ["description"] = "Everything 20% off",
                ["url"] = "https://shop.example.com/sale?from=wechat",
                ["picurl"] = "https://shop.example.com/sale.png",
            }),
        });

        Assert.Equal("ok", result!["errmsg"]!.GetValue<string>());
        var message = Assert.Single(await Control.GetMessagesAsync(AppId));
        Assert.Equal("news", message.MsgType);
        var article = Assert.Single(message.Body["news"]!["articles"]!.AsArray())!;
        Assert.Equal("Spring sale", article["title"]!.GetValue<string>());
        Assert.Equal("Everything 20% off", article["description"]!.GetValue<string>());
        Assert.Equal("https://shop.example.com/sale?from=wechat", article["url"]!.GetValue<string>());
        Assert.Equal("https://shop.example.com/sale.png", article["picurl"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendMiniProgramPage_delivers_the_card()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Carol);

        var result = await app.InvokeAsync(Element, "sendMiniProgramPage", new JsonObject
        {
            ["openid"] = openId,
            ["title"] = "Your order",
            ["appid"] = "wx0000000000demo03",
            ["pagepath"] = "pages/order/detail?id=42",
            ["thumbMediaId"] = "THUMB_MEDIA_1",
        });

        Assert.Equal(0, result!["errcode"]!.GetValue<int>());
        var message = Assert.Single(await Control.GetMessagesAsync(AppId));
        Assert.Equal(("miniprogrampage", Carol), (message.MsgType, message.UserId));
        var card = message.Body["miniprogrampage"]!;
        Assert.Equal("Your order", card["title"]!.GetValue<string>());
        Assert.Equal("wx0000000000demo03", card["appid"]!.GetValue<string>());
        Assert.Equal("pages/order/detail?id=42", card["pagepath"]!.GetValue<string>());
        Assert.Equal("THUMB_MEDIA_1", card["thumb_media_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Content_of_exactly_2048_utf8_bytes_is_accepted()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);
        // 682 three-byte characters + 2 ASCII = 2048 bytes.
        var content = new string('好', 682) + "ok";

        await SendTextAsync(app, openId, content);

        Assert.Equal(content, Assert.Single(await Control.GetMessagesAsync(AppId)).Body["text"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_element_is_reachable_with_GetElement_and_describes_its_account()
    {
        using var app = LoadApp("classic");

        var element = app.GetElement<WeChatCustomElement>(Element);

        Assert.Equal(AppId, element.AppId);
        Assert.Equal(WeChatTokenMode.Classic, element.TokenMode);
        Assert.Equal(["sendText", "sendImage", "sendNews", "sendMiniProgramPage", "sendTextBatch"],
            app.GetElementDefine(Element).Functions.Select(f => f.Name));
        Assert.Contains(AppId, element.ToString(), StringComparison.Ordinal);
    }
}
