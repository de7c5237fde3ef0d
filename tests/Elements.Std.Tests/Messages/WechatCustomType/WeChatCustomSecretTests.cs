using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Configuration;
using Elements.Diagnostics;
using Elements.Std.Messages;
using Elements.Std.Tests.Support;
using Elements.WeChat.Client;
using Elements.WeChatSandbox.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Messages.WechatCustomType;

/// <summary>The appSecret and the access token never show in results, exceptions, logs or ToString.</summary>
public sealed class WeChatCustomSecretTests : MessagingTestBase
{
    [Fact]
    public async Task Neither_the_secret_nor_the_access_token_appears_anywhere()
    {
        await RegisterOfficialAppAsync(messagesPerInteraction: 2);
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var bob = await OpenIdAsync(Bob);
        var texts = new List<string>();

        texts.Add((await SendTextAsync(app, alice, "hello"))!.ToJsonString());
        texts.Add((await app.InvokeAsync(Element, "sendImage", new JsonObject { ["openid"] = alice, ["mediaId"] = "M" }))!.ToJsonString());
        texts.Add((await app.InvokeAsync(Element, "sendTextBatch", new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject { ["openid"] = alice, ["content"] = "45047" }, new JsonObject { ["openid"] = bob, ["content"] = "45015" }),
            ["continueOnFail"] = true,
        }))!.ToJsonString());

        // Failures of every kind: validation, WeChat errors, token rejection, a stopped batch.
        await Control.InjectFaultAsync(new SandboxFault { Path = SendPath, Count = 2, Errcode = 40001 });
        var failures = new List<Exception>
        {
            await Assert.ThrowsAnyAsync<ElementException>(() => SendTextAsync(app, alice, "rejected token")),
            await Assert.ThrowsAnyAsync<ElementException>(() => SendTextAsync(app, "bad", "x")),
            await Assert.ThrowsAnyAsync<ElementException>(() => SendTextAsync(app, bob, "45015")),
            await Assert.ThrowsAnyAsync<ElementException>(() => SendTextAsync(app, UnknownOpenId, "40003")),
            await Assert.ThrowsAnyAsync<ElementException>(() => app.InvokeAsync(Element, "sendTextBatch", new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject { ["openid"] = bob, ["content"] = "stop" }),
            })),
        };
        foreach (var failure in failures)
        {
            texts.Add(failure.ToString());
            if (failure is ElementException { Details: { } details })
            {
                texts.Add(details.ToJsonString());
            }
        }

        var element = app.GetElement<WeChatCustomElement>(Element);
        texts.Add(element.ToString());
        texts.Add(JsonSerializer.Serialize(element, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        texts.Add(app.ToString());
        texts.Add(app.GetElementDefine(Element).ToString() ?? "");
        texts.Add(SecretRedactor.Redact(app.GetElementDefine(Element).Config, typeof(WeChatCustomConfig)).ToJsonString());
        texts.Add(Logs.AllText);

        var token = await app.Services.GetRequiredService<IWeChatClient>().GetAccessTokenAsync(AppId);
        Assert.True(token.Length > 20);
        Assert.Contains(Logs.Entries, e => e.Contains("WeChatCustomElement", StringComparison.Ordinal));
        foreach (var text in texts)
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_config_ToString_masks_the_secret()
    {
        var config = new WeChatCustomConfig { AppId = AppId, AppSecret = Secret, TokenMode = "classic" };

        Assert.DoesNotContain(Secret, config.ToString(), StringComparison.Ordinal);
        Assert.Contains(AppId, config.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_error_does_not_quote_the_secret()
    {
        var config = InstanceConfig("sometimes");
        var error = Assert.Throws<ElementLoadException>(() => LoadApp(config));

        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.InvalidConfig && d.Message.Contains("tokenMode", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }
}
