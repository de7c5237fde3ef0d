using Elements.WeChat.Configuration;
using Elements.WeChat.Errors;
using Elements.WeChat.Messages;
using Elements.WeChat.Tests.Support;
using Elements.WeChat.Tokens;
using Elements.WeChatSandbox.Clock;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Tokens;

/// <summary>Token modes, caching, refresh ahead of expiry, single flight and the invalid-credential retry.</summary>
public sealed class AccessTokenTests : SandboxTestBase
{
    private const string Stable = "/cgi-bin/stable_token";
    private const string Classic = "/cgi-bin/token";
    private const string Send = "/cgi-bin/message/custom/send";

    [Fact]
    public async Task Hundred_concurrent_callers_cause_exactly_one_token_request()
    {
        // A slow token endpoint widens the race window.
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Stable, DelayMs = 300 });
        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return Client.GetAccessTokenAsync(OfficialAppId);
        })).ToArray();
        start.Set();

        var tokens = await Task.WhenAll(callers);

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Stable));
        Assert.Equal(0, await Sandbox.Control.GetCallCountAsync(Classic));
    }

    [Fact]
    public async Task Two_providers_sharing_a_store_make_one_request_thanks_to_the_lease()
    {
        // Two independent containers stand for two processes; the shared store plays the database.
        var store = new InMemoryAccessTokenStore();
        await using var first = ClientHarness.Create(Sandbox, store: store);
        await using var second = ClientHarness.Create(Sandbox, store: store);
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Stable, DelayMs = 300 });

        var calls = Enumerable.Range(0, 50)
            .SelectMany(_ => new[] { Task.Run(() => first.Client.GetAccessTokenAsync(OfficialAppId)), Task.Run(() => second.Client.GetAccessTokenAsync(OfficialAppId)) })
            .ToArray();
        var tokens = await Task.WhenAll(calls);

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Stable));
    }

    [Fact]
    public async Task Stable_mode_is_the_default_and_classic_mode_uses_cgi_bin_token()
    {
        var stableToken = await Client.GetAccessTokenAsync(OfficialAppId);
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Stable));

        var classic = UseHarness(options => options.Apps[OfficialAppId].TokenMode = WeChatTokenMode.Classic);
        var classicToken = await classic.Client.GetAccessTokenAsync(OfficialAppId);

        Assert.NotEqual(stableToken, classicToken);
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Classic));
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Stable));
    }

    [Fact]
    public async Task Tokens_are_cached_until_refresh_ahead_of_expiry()
    {
        UseHarness(timeProvider: Sandbox.Clock);
        var first = await Client.GetAccessTokenAsync(OfficialAppId);
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromSeconds(7200 - 200));
        Assert.Equal(first, await Client.GetAccessTokenAsync(OfficialAppId));
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Stable));

        // Inside the 3-minute refresh-ahead window, while the old token still works: renewed.
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromSeconds(30));
        var renewed = await Client.GetAccessTokenAsync(OfficialAppId);

        Assert.NotEqual(first, renewed);
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Stable));
        var cached = await Harness.Store.GetAsync(OfficialAppId);
        Assert.Equal(renewed, cached!.Value);
        Assert.Equal(cached.ExpiresAt - TimeSpan.FromMinutes(3), cached.RefreshAt);
    }

    [Fact]
    public async Task An_expired_token_is_dropped_and_the_call_retried_once()
    {
        // The client runs on real time, the sandbox jumps ahead: the cached token looks fresh but WeChat says 42001.
        var openId = await OpenWindowAsync();
        var stale = await Client.GetAccessTokenAsync(OfficialAppId);
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromSeconds(7300));
        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);

        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "after expiry"));

        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Send));
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Stable));
        Assert.NotEqual(stale, (await Harness.Store.GetAsync(OfficialAppId))!.Value);
        Assert.Single(await Sandbox.Control.GetMessagesAsync(OfficialAppId));
    }

    [Fact]
    public async Task A_superseded_classic_token_gives_40001_after_five_minutes_and_is_replaced()
    {
        var classic = UseHarness(options => options.Apps[OfficialAppId].TokenMode = WeChatTokenMode.Classic);
        var openId = await OpenWindowAsync();
        var mine = await classic.Client.GetAccessTokenAsync(OfficialAppId);
        // Another server fetches a classic token: ours is superseded.
        await Client.RequestClassicAccessTokenAsync(OfficialAppId);

        await classic.Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "within grace"));
        Assert.Equal(mine, (await classic.Store.GetAsync(OfficialAppId))!.Value);

        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromMinutes(6));
        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);
        await classic.Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "after grace"));

        Assert.NotEqual(mine, (await classic.Store.GetAsync(OfficialAppId))!.Value);
        Assert.Equal(3, await Sandbox.Control.GetCallCountAsync(Send));
        Assert.Equal(3, await Sandbox.Control.GetCallCountAsync(Classic));
    }

    [Fact]
    public async Task Invalid_credential_is_retried_only_once()
    {
        var openId = await OpenWindowAsync();
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Send, Errcode = 40001, Count = 5 });

        var error = await Assert.ThrowsAsync<WeChatInvalidCredentialException>(
            () => Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "x")));

        Assert.Equal(40001, error.Errcode);
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Send));
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(40014)]
    [InlineData(42001)]
    public async Task Each_invalid_credential_code_drops_the_token_and_retries(int errcode)
    {
        var openId = await OpenWindowAsync();
        var token = await Client.GetAccessTokenAsync(OfficialAppId);
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Send, Errcode = errcode });

        await Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "x"));

        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Send));
        // stable_token hands the same (still valid) token back: asked twice, same value.
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Stable));
        Assert.Equal(token, (await Harness.Store.GetAsync(OfficialAppId))!.Value);
    }

    [Fact]
    public async Task Invalidation_only_drops_the_token_that_failed()
    {
        var store = new InMemoryAccessTokenStore();
        var now = DateTimeOffset.UtcNow;
        var lease = await store.TryAcquireRefreshLeaseAsync("app", TimeSpan.FromSeconds(30));
        Assert.True(await store.SaveAsync(lease!, new WeChatAccessToken("app", "new-token", now, now.AddHours(1), now.AddHours(2))));

        Assert.False(await store.InvalidateAsync("app", "old-token"));
        Assert.Equal("new-token", (await store.GetAsync("app"))!.Value);
        Assert.True(await store.InvalidateAsync("app", "new-token"));
        Assert.Null(await store.GetAsync("app"));
    }

    [Fact]
    public async Task The_refresh_lease_is_exclusive_until_released_or_expired()
    {
        var clock = new SandboxClock();
        var store = new InMemoryAccessTokenStore(clock);
        var held = await store.TryAcquireRefreshLeaseAsync("app", TimeSpan.FromSeconds(30));
        Assert.NotNull(held);
        Assert.Null(await store.TryAcquireRefreshLeaseAsync("app", TimeSpan.FromSeconds(30)));
        Assert.NotNull(await store.TryAcquireRefreshLeaseAsync("other-app", TimeSpan.FromSeconds(30)));

        clock.Advance(TimeSpan.FromSeconds(31));
        var takenOver = await store.TryAcquireRefreshLeaseAsync("app", TimeSpan.FromSeconds(30));
        Assert.NotNull(takenOver);
        // The crashed holder's late save is refused.
        var now = clock.GetUtcNow();
        Assert.False(await store.SaveAsync(held!, new WeChatAccessToken("app", "late", now, now.AddHours(1), now.AddHours(2))));
        await store.ReleaseLeaseAsync(takenOver!);
        Assert.NotNull(await store.TryAcquireRefreshLeaseAsync("app", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Token_fetch_failures_surface_and_release_the_lease()
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Stable, Errcode = 45009 });
        await Assert.ThrowsAsync<WeChatRateLimitedException>(() => Client.GetAccessTokenAsync(OfficialAppId));
        Assert.NotEmpty(await Client.GetAccessTokenAsync(OfficialAppId));
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Stable));
    }

    private async Task<string> OpenWindowAsync()
    {
        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);
        return (await Sandbox.Control.GetUserAsync(OfficialAppId, Alice)).OpenId;
    }
}
