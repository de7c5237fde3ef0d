using System.Text.Json.Nodes;
using Elements.Std.Messages;
using Elements.Std.Tests.Support;
using Elements.WeChatSandbox.Contracts;

namespace Elements.Std.Tests.Messages.WechatCustomType;

/// <summary>Invalid arguments fail with stable MSG_* codes before any HTTP request (sandbox call counts stay 0).</summary>
public sealed class ValidationTests : MessagingTestBase
{
    private static readonly string Good = "o" + new string('A', 26) + "_";

    public static TheoryData<string, string, string, string> InvalidCalls()
    {
        var tooLongAscii = new string('a', 2049);
        var tooLongChinese = new string('好', 683); // 2049 bytes of UTF-8 in 683 characters
        var article = """{"title": "T", "url": "https://example.com/a"}""";
        return new TheoryData<string, string, string, string>
        {
            // sendText: openid shape
            { "sendText", """{"content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", """{"openid": "", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", """{"openid": null, "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", """{"openid": "o123", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", $$"""{"openid": "{{Good}}x", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", $$"""{"openid": "{{Good[..27]}}", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", $$"""{"openid": "{{Good[..27]}}+", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", $$"""{"openid": "{{Good[..27]}}=", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", $$"""{"openid": " {{Good[..27]}}", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendText", $$"""{"openid": "{{Good[..27]}}好", "content": "hi"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            // sendText: content
            { "sendText", $$"""{"openid": "{{Good}}"}""", MessageErrorCodes.EmptyContent, "content" },
            { "sendText", $$"""{"openid": "{{Good}}", "content": null}""", MessageErrorCodes.EmptyContent, "content" },
            { "sendText", $$"""{"openid": "{{Good}}", "content": ""}""", MessageErrorCodes.EmptyContent, "content" },
            { "sendText", $$"""{"openid": "{{Good}}", "content": "   \n\t\u3000 "}""", MessageErrorCodes.EmptyContent, "content" },
            { "sendText", $$"""{"openid": "{{Good}}", "content": "{{tooLongAscii}}"}""", MessageErrorCodes.ContentTooLong, "content" },
            { "sendText", $$"""{"openid": "{{Good}}", "content": "{{tooLongChinese}}"}""", MessageErrorCodes.ContentTooLong, "content" },
            { "sendText", $$"""{"openid": "{{Good}}", "content": "hi", "kfAccount": "kf2001"}""", MessageErrorCodes.InvalidKfAccount, "kfAccount" },
            { "sendText", $$"""{"openid": "{{Good}}", "content": "hi", "kfAccount": "kf 1@gh"}""", MessageErrorCodes.InvalidKfAccount, "kfAccount" },
            // sendImage
            { "sendImage", """{"openid": "bad", "mediaId": "M"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendImage", $$"""{"openid": "{{Good}}"}""", MessageErrorCodes.MissingField, "mediaId" },
            { "sendImage", $$"""{"openid": "{{Good}}", "mediaId": "  "}""", MessageErrorCodes.MissingField, "mediaId" },
            { "sendImage", $$"""{"openid": "{{Good}}", "mediaId": "{{new string('m', 257)}}"}""", MessageErrorCodes.FieldTooLong, "mediaId" },
            // sendNews
            { "sendNews", $$"""{"openid": "bad", "articles": [{{article}}]}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendNews", $$"""{"openid": "{{Good}}"}""", MessageErrorCodes.InvalidArticleCount, "articles" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": []}""", MessageErrorCodes.InvalidArticleCount, "articles" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [{{article}}, {{article}}]}""", MessageErrorCodes.InvalidArticleCount, "articles" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [null]}""", MessageErrorCodes.MissingField, "articles[0]" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [{"url": "https://example.com"}]}""", MessageErrorCodes.MissingField, "articles[0].title" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [{"title": "T"}]}""", MessageErrorCodes.MissingField, "articles[0].url" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [{"title": "T", "url": "ftp://example.com/a"}]}""", MessageErrorCodes.InvalidUrl, "articles[0].url" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [{"title": "T", "url": "/relative"}]}""", MessageErrorCodes.InvalidUrl, "articles[0].url" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [{"title": "T", "url": "https://e.com", "picurl": "javascript:alert(1)"}]}""", MessageErrorCodes.InvalidUrl, "articles[0].picurl" },
            { "sendNews", $$"""{"openid": "{{Good}}", "articles": [{"title": "{{new string('t', 129)}}", "url": "https://e.com"}]}""", MessageErrorCodes.FieldTooLong, "articles[0].title" },
            // sendMiniProgramPage
            { "sendMiniProgramPage", """{"openid": "bad", "title": "T", "appid": "wxa", "pagepath": "p", "thumbMediaId": "M"}""", MessageErrorCodes.InvalidOpenId, "openid" },
            { "sendMiniProgramPage", $$"""{"openid": "{{Good}}", "appid": "wxa", "pagepath": "p", "thumbMediaId": "M"}""", MessageErrorCodes.MissingField, "title" },
            { "sendMiniProgramPage", $$"""{"openid": "{{Good}}", "title": "T", "pagepath": "p", "thumbMediaId": "M"}""", MessageErrorCodes.MissingField, "appid" },
            { "sendMiniProgramPage", $$"""{"openid": "{{Good}}", "title": "T", "appid": "wx a", "pagepath": "p", "thumbMediaId": "M"}""", MessageErrorCodes.InvalidAppId, "appid" },
            { "sendMiniProgramPage", $$"""{"openid": "{{Good}}", "title": "T", "appid": "wxa", "thumbMediaId": "M"}""", MessageErrorCodes.MissingField, "pagepath" },
            { "sendMiniProgramPage", $$"""{"openid": "{{Good}}", "title": "T", "appid": "wxa", "pagepath": "p"}""", MessageErrorCodes.MissingField, "thumbMediaId" },
            // sendTextBatch
            { "sendTextBatch", """{}""", MessageErrorCodes.InvalidBatch, "items" },
            { "sendTextBatch", """{"items": null, "continueOnFail": true}""", MessageErrorCodes.InvalidBatch, "items" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public async Task Invalid_arguments_fail_with_a_stable_code_and_no_request(string function, string args, string code, string field)
    {
        using var app = LoadApp();
        await Control.RecordInteractionAsync(AppId, Alice);

        var error = await FailsAsync<MessageValidationException>(app, function, (JsonObject)JsonNode.Parse(args)!);

        Assert.Equal(code, error.Code);
        Assert.Equal(field, error.Field);
        Assert.Equal(field, error.Details!["field"]!.GetValue<string>());
        Assert.Contains(field.Split('[')[0], error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await TotalCallsAsync());
        Assert.Empty(await Control.GetMessagesAsync(AppId));
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused_before_any_request()
    {
        using var app = LoadApp();
        var openId = await InteractAsync(Alice);
        var items = new JsonArray();
        for (var i = 0; i <= WeChatCustomValidation.MaxBatchItems; i++)
        {
            items.Add(new JsonObject { ["openid"] = openId, ["content"] = $"m{i}" });
        }

        var error = await FailsAsync<MessageValidationException>(app, "sendTextBatch", new JsonObject { ["items"] = items, ["continueOnFail"] = true });

        Assert.Equal(MessageErrorCodes.BatchTooLarge, error.Code);
        Assert.Equal(0, await TotalCallsAsync());
    }

    [Fact]
    public async Task Error_messages_do_not_quote_the_content()
    {
        using var app = LoadApp();
        var content = "PRIVATE-" + new string('x', 2100);

        var error = await FailsAsync<MessageValidationException>(app, "sendText", new JsonObject { ["openid"] = Good, ["content"] = content });

        Assert.Equal(MessageErrorCodes.ContentTooLong, error.Code);
        Assert.DoesNotContain("PRIVATE", error.Message, StringComparison.Ordinal);
        Assert.Contains("2108 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_surrogates_are_invalid_content()
    {
        var error = Assert.Throws<MessageValidationException>(() => WeChatCustomValidation.ValidateContent("a\uD800b"));
        Assert.Equal(MessageErrorCodes.InvalidContent, error.Code);
    }

    [Fact]
    public async Task Every_openid_the_sandbox_issues_has_the_accepted_shape()
    {
        for (var i = 0; i < 200; i++)
        {
            var user = $"user-{i}-{Guid.NewGuid():n}";
            await Control.RegisterUserAsync(new SandboxUserRegistration { UserId = user });
            var openId = (await Control.GetUserAsync(AppId, user)).OpenId;
            Assert.True(WeChatCustomValidation.IsValidOpenId(openId), openId);
            Assert.Equal(WeChatCustomValidation.OpenIdLength, openId.Length);
        }
    }
}
