using System.Text.Json.Nodes;
using Elements.Std.Tests.Support;
using Elements.WeChat.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Messages.WechatCustomType;

/// <summary>The element uses the client's shared token store: single flight, and both token modes.</summary>
public sealed class TokenTests : MessagingTestBase
{
    [Theory]
    [InlineData("stable", StableTokenPath, ClassicTokenPath)]
    [InlineData("classic", ClassicTokenPath, StableTokenPath)]
    public async Task A_hundred_concurrent_sends_cause_exactly_one_token_request(string tokenMode, string usedPath, string unusedPath)
    {
        await RegisterOfficialAppAsync(messagesPerInteraction: 1000);
        using var app = LoadApp(tokenMode);
        var alice = await InteractAsync(Alice);
        var bob = await InteractAsync(Bob);
        using var start = new ManualResetEventSlim();

        var sends = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await SendTextAsync(app, i % 2 == 0 ? alice : bob, $"concurrent {i}");
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.Equal(0, r!["errcode"]!.GetValue<int>()));
        Assert.Equal(1, await CallsAsync(usedPath));
        Assert.Equal(0, await CallsAsync(unusedPath));
        Assert.Equal(100, await CallsAsync(SendPath));
        var delivered = await Control.GetMessagesAsync(AppId);
        Assert.Equal(100, delivered.Count);
        Assert.Equal(100, delivered.Select(m => m.Body["text"]!["content"]!.GetValue<string>()).Distinct().Count());
    }

    [Theory]
    [InlineData("stable", StableTokenPath, ClassicTokenPath)]
    [InlineData("classic", ClassicTokenPath, StableTokenPath)]
    [InlineData("Classic", ClassicTokenPath, StableTokenPath)]
    public async Task The_configured_token_mode_picks_the_token_endpoint(string tokenMode, string usedPath, string unusedPath)
    {
        using var app = LoadApp(tokenMode);
        var alice = await InteractAsync(Alice);

        await SendTextAsync(app, alice, "one");
        await SendTextAsync(app, alice, "two");

        Assert.Equal(1, await CallsAsync(usedPath));
        Assert.Equal(0, await CallsAsync(unusedPath));
        Assert.Equal(2, (await Control.GetMessagesAsync(AppId)).Count);
    }

    [Fact]
    public async Task Without_tokenMode_the_stable_token_is_used()
    {
        var config = InstanceConfig();
        config.Remove("tokenMode");
        using var app = LoadApp(config);
        var alice = await InteractAsync(Alice);

        await SendTextAsync(app, alice, "one");

        Assert.Equal(1, await CallsAsync(StableTokenPath));
        Assert.Equal(0, await CallsAsync(ClassicTokenPath));
    }

    [Fact]
    public async Task The_element_shares_the_clients_token_store()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        await SendTextAsync(app, alice, "one");

        // A token fetched by the element is the one any other user of the client gets, without another request.
        var client = app.Services.GetRequiredService<IWeChatClient>();
        var token = await client.GetAccessTokenAsync(AppId);
        await app.InvokeAsync(Element, "sendImage", new JsonObject { ["openid"] = alice, ["mediaId"] = "M" });

        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(1, await CallsAsync(StableTokenPath));
    }
}
