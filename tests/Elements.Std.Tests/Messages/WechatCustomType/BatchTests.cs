using System.Text.Json.Nodes;
using Elements.Std.Messages;
using Elements.Std.Tests.Support;
using Elements.WeChat.Errors;

namespace Elements.Std.Tests.Messages.WechatCustomType;

/// <summary><c>sendTextBatch</c> with and without n8n's "Continue on Fail".</summary>
public sealed class BatchTests : MessagingTestBase
{
    private static JsonObject Item(string openid, string content) => new() { ["openid"] = openid, ["content"] = content };

    private static JsonObject Args(bool continueOnFail, params JsonObject[] items) =>
        new() { ["items"] = new JsonArray([.. items]), ["continueOnFail"] = continueOnFail };

    private async Task<List<string>> DeliveredAsync() =>
        [.. (await Control.GetMessagesAsync(AppId)).Select(m => $"{m.UserId}:{m.Body["text"]!["content"]!.GetValue<string>()}")];

    [Fact]
    public async Task All_items_are_sent_in_input_order_with_one_result_each()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var bob = await InteractAsync(Bob);
        var carol = await InteractAsync(Carol);

        var results = (await app.InvokeAsync(Element, "sendTextBatch",
            Args(false, Item(alice, "1"), Item(bob, "2"), Item(carol, "3"), Item(alice, "4"))))!.AsArray();

        Assert.Equal([0, 1, 2, 3], results.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal([alice, bob, carol, alice], results.Select(r => r!["openid"]!.GetValue<string>()));
        Assert.All(results, r =>
        {
            Assert.Equal(0, r!["errcode"]!.GetValue<int>());
            Assert.Equal("ok", r["errmsg"]!.GetValue<string>());
            Assert.Null(r["error"]);
        });
        Assert.Equal(["alice:1", "bob:2", "carol:3", "alice:4"], await DeliveredAsync());
    }

    [Fact]
    public async Task With_continueOnFail_failures_in_the_middle_become_error_items_and_the_batch_goes_on()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var bob = await OpenIdAsync(Bob); // never wrote: 45015
        var carol = await InteractAsync(Carol);

        var results = (await app.InvokeAsync(Element, "sendTextBatch", Args(true,
            Item(alice, "first"),
            Item("not-an-openid", "second"),
            Item(bob, "third"),
            Item(carol, "   "),
            Item(UnknownOpenId, "fifth"),
            Item(carol, "sixth"))))!.AsArray();

        Assert.Equal(6, results.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal(0, results[0]!["errcode"]!.GetValue<int>());
        Assert.Null(results[0]!["error"]);

        var invalid = results[1]!["error"]!;
        Assert.Equal(MessageErrorCodes.InvalidOpenId, invalid["code"]!.GetValue<string>());
        Assert.Contains("openid", invalid["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(invalid["errcode"]);
        Assert.Null(results[1]!["errcode"]);

        var window = results[2]!["error"]!;
        Assert.Equal("WECHAT_45015", window["code"]!.GetValue<string>());
        Assert.Equal(45015, window["errcode"]!.GetValue<int>());
        Assert.Equal(MessageErrorCodes.EmptyContent, results[3]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(40003, results[4]!["error"]!["errcode"]!.GetValue<int>());
        Assert.Equal(0, results[5]!["errcode"]!.GetValue<int>());

        Assert.Equal(["alice:first", "carol:sixth"], await DeliveredAsync());
        // Invalid items never reached WeChat: alice, bob (45015), unknown (40003), carol.
        Assert.Equal(4, await CallsAsync(SendPath));
    }

    [Fact]
    public async Task Without_continueOnFail_the_first_wechat_failure_stops_the_batch_and_says_how_many_were_sent()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var bob = await OpenIdAsync(Bob); // 45015
        var carol = await InteractAsync(Carol);

        var error = await FailsAsync<MessageBatchStoppedException>(app, "sendTextBatch",
            Args(false, Item(alice, "one"), Item(carol, "two"), Item(bob, "three"), Item(carol, "four")));

        Assert.Equal(MessageErrorCodes.BatchStopped, error.Code);
        Assert.Equal(2, error.Sent);
        Assert.Equal(2, error.FailedIndex);
        var details = error.Details!;
        Assert.Equal(2, details["sent"]!.GetValue<int>());
        Assert.Equal(2, details["failedIndex"]!.GetValue<int>());
        Assert.Equal(4, details["total"]!.GetValue<int>());
        Assert.Equal("WECHAT_45015", details["error"]!["code"]!.GetValue<string>());
        Assert.Equal(45015, details["error"]!["errcode"]!.GetValue<int>());
        Assert.Contains("2 message(s) sent", error.Message, StringComparison.Ordinal);
        Assert.Equal(45015, Assert.IsType<WeChatUserException>(error.InnerException).Errcode);

        // The item after the failure was never attempted.
        Assert.Equal(["alice:one", "carol:two"], await DeliveredAsync());
        Assert.Equal(3, await CallsAsync(SendPath));
    }

    [Fact]
    public async Task Without_continueOnFail_an_invalid_item_in_the_middle_stops_the_batch_before_its_request()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var carol = await InteractAsync(Carol);

        var error = await FailsAsync<MessageBatchStoppedException>(app, "sendTextBatch",
            Args(false, Item(alice, "one"), Item(carol, ""), Item(carol, "three")));

        Assert.Equal(1, error.Sent);
        Assert.Equal(1, error.FailedIndex);
        Assert.Equal(MessageErrorCodes.EmptyContent, error.Error.Code);
        Assert.Null(error.Details!["error"]!["errcode"]);
        Assert.Equal(["alice:one"], await DeliveredAsync());
        Assert.Equal(1, await CallsAsync(SendPath));
    }

    [Fact]
    public async Task Rate_limits_in_a_batch_are_reported_per_item()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var items = Enumerable.Range(1, 7).Select(i => Item(alice, $"m{i}")).ToArray();

        var results = (await app.InvokeAsync(Element, "sendTextBatch", Args(true, items)))!.AsArray();

        Assert.Equal([0, 0, 0, 0, 0, 45047, 45047],
            results.Select(r => r!["errcode"]?.GetValue<int>() ?? r!["error"]!["errcode"]!.GetValue<int>()));
        Assert.Equal(5, (await Control.GetMessagesAsync(AppId)).Count);
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing()
    {
        using var app = LoadApp();

        var results = (await app.InvokeAsync(Element, "sendTextBatch", Args(false)))!.AsArray();

        Assert.Empty(results);
        Assert.Equal(0, await TotalCallsAsync());
    }

    [Fact]
    public async Task A_null_item_is_a_failed_item()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        var args = Args(true, Item(alice, "one"));
        args["items"]!.AsArray().Insert(0, null);

        var results = (await app.InvokeAsync(Element, "sendTextBatch", args))!.AsArray();

        Assert.Equal(MessageErrorCodes.InvalidBatch, results[0]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(0, results[1]!["errcode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_cancelled_batch_stops_without_sending()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            app.InvokeAsync(Element, "sendTextBatch", Args(true, Item(alice, "one"), Item(alice, "two")), cancelled.Token));

        Assert.Equal(0, await CallsAsync(SendPath));
    }
}
