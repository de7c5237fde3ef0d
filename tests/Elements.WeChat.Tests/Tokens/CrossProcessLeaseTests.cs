using Elements.WeChat.Tests.Support;
using Elements.WeChat.Tokens;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Tokens;

/// <summary>How a provider behaves while another process holds the store's refresh lease.</summary>
public sealed class CrossProcessLeaseTests : SandboxTestBase
{
    private const string Stable = "/cgi-bin/stable_token";

    [Fact]
    public async Task While_another_process_refreshes_the_still_valid_token_is_used()
    {
        var store = new InMemoryAccessTokenStore(Sandbox.Clock);
        var harness = UseHarness(timeProvider: Sandbox.Clock, store: store);
        var now = Sandbox.Clock.GetUtcNow();
        // Due for renewal but not expired, and "another process" holds the lease.
        var lease = await store.TryAcquireRefreshLeaseAsync(OfficialAppId, TimeSpan.FromSeconds(30));
        await store.SaveAsync(lease!, new WeChatAccessToken(OfficialAppId, "old-but-valid", now.AddHours(-2), now.AddSeconds(-1), now.AddMinutes(2)));
        var other = await store.TryAcquireRefreshLeaseAsync(OfficialAppId, TimeSpan.FromSeconds(30));

        Assert.Equal("old-but-valid", await harness.Client.GetAccessTokenAsync(OfficialAppId));
        Assert.Equal(0, await Sandbox.Control.GetCallCountAsync(Stable));
        await store.ReleaseLeaseAsync(other!);
    }

    [Fact]
    public async Task Without_a_usable_token_callers_wait_for_the_other_process_to_save_one()
    {
        var store = new InMemoryAccessTokenStore(Sandbox.Clock);
        var harness = UseHarness(options => options.TokenLeasePollInterval = TimeSpan.FromMilliseconds(20), Sandbox.Clock, store);
        var other = await store.TryAcquireRefreshLeaseAsync(OfficialAppId, TimeSpan.FromSeconds(30));

        var waiting = harness.Client.GetAccessTokenAsync(OfficialAppId);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        var now = Sandbox.Clock.GetUtcNow();
        await store.SaveAsync(other!, new WeChatAccessToken(OfficialAppId, "from-the-other-process", now, now.AddHours(1), now.AddHours(2)));

        Assert.Equal("from-the-other-process", await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, await Sandbox.Control.GetCallCountAsync(Stable));
    }

    [Fact]
    public async Task A_crashed_lease_holder_is_taken_over_after_the_lease_expires()
    {
        var store = new InMemoryAccessTokenStore(Sandbox.Clock);
        var harness = UseHarness(options => options.TokenLeasePollInterval = TimeSpan.FromMilliseconds(20), Sandbox.Clock, store);
        await store.TryAcquireRefreshLeaseAsync(OfficialAppId, TimeSpan.FromSeconds(30));

        var waiting = harness.Client.GetAccessTokenAsync(OfficialAppId);
        await Task.Delay(100);
        Sandbox.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.NotEmpty(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Stable));
    }
}
