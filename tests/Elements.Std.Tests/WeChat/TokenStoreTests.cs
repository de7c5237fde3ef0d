using Elements.Std.AccessTokens;
using Elements.Std.Tests.Support;
using Elements.WeChat.Tokens;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Elements.Std.Tests.WeChat;

/// <summary><see cref="DatabaseAccessTokenStore"/> on the app's database: lease, save, release and invalidate semantics,
/// then single flight through <see cref="AccessTokenProvider"/> against the sandbox.</summary>
public abstract class TokenStoreTests(IAppDatabase database) : AppTestBase(database)
{
    private const string AppId = "wx_store_test";
    private const string StablePath = "/cgi-bin/stable_token";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    private DatabaseAccessTokenStore Store => new(App, _time);

    private WeChatAccessToken Token(string value) =>
        new(AppId, value, _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(100), _time.GetUtcNow().AddMinutes(120));

    [Fact]
    public async Task Only_one_caller_holds_the_lease_until_it_saves()
    {
        var store = Store;
        Assert.Null(await store.GetAsync(AppId));

        var lease = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);
        var second = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);

        Assert.NotNull(lease);
        Assert.Null(second);
        Assert.True(await store.SaveAsync(lease!, Token("token-1")));
        var saved = await store.GetAsync(AppId);
        Assert.Equal("token-1", saved!.Value);
        Assert.Equal(_time.GetUtcNow().AddMinutes(100), saved.RefreshAt);
        Assert.Equal(_time.GetUtcNow().AddMinutes(120), saved.ExpiresAt);
        // Saving released the lease, and the same lease cannot save twice.
        Assert.False(await store.SaveAsync(lease!, Token("token-again")));
        Assert.NotNull(await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration));
    }

    [Fact]
    public async Task Concurrent_lease_attempts_yield_exactly_one_lease()
    {
        var store = Store;

        var leases = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(async () => await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration))));

        Assert.Single(leases, l => l is not null);
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_holder_can_no_longer_save()
    {
        var store = Store;
        var crashed = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);

        _time.Advance(LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Null(await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration));
        _time.Advance(TimeSpan.FromSeconds(2));
        var takeover = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);

        Assert.NotNull(takeover);
        Assert.False(await store.SaveAsync(crashed!, Token("stale")));
        Assert.Null(await store.GetAsync(AppId));
        Assert.True(await store.SaveAsync(takeover!, Token("fresh")));
        Assert.Equal("fresh", (await store.GetAsync(AppId))!.Value);
    }

    [Fact]
    public async Task Releasing_frees_the_lease_only_for_its_holder()
    {
        var store = Store;
        var lease = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);

        await store.ReleaseLeaseAsync(lease! with { LeaseId = "someone-else" });
        Assert.Null(await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration));
        await store.ReleaseLeaseAsync(lease!);
        Assert.NotNull(await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration));
    }

    [Fact]
    public async Task Invalidate_drops_the_token_only_if_it_is_still_the_failed_one()
    {
        var store = Store;
        var lease = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);
        await store.SaveAsync(lease!, Token("current"));

        Assert.False(await store.InvalidateAsync(AppId, "older-token"));
        Assert.Equal("current", (await store.GetAsync(AppId))!.Value);
        Assert.True(await store.InvalidateAsync(AppId, "current"));
        Assert.Null(await store.GetAsync(AppId));
        Assert.False(await store.InvalidateAsync(AppId, "current"));
    }

    [Fact]
    public async Task Token_values_are_encrypted_at_rest_and_an_undecryptable_value_counts_as_no_token()
    {
        var store = Store;
        var lease = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);
        await store.SaveAsync(lease!, Token("secret-access-token-value"));

        var model = await App.GetElement<Elements.Std.Models.ModelElement>(DatabaseAccessTokenStore.DefaultModelName).OpenStoreAsync();
        var stored = (string)(await model.GetAsync(Elements.Data.Filters.Q.Eq("appId", AppId), null))!["tokenValue"]!;
        Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-access-token-value", stored, StringComparison.Ordinal);
        Assert.Equal("secret-access-token-value", (await store.GetAsync(AppId))!.Value);

        // Another key (a node without the shared key) cannot read it: no token, so it fetches its own.
        var otherKey = new DatabaseAccessTokenStore(App, _time, protector: new Elements.Std.Auths.FieldProtector(new byte[32]));
        Assert.Null(await otherKey.GetAsync(AppId));
        // A value written before encryption (plain text) is no token either, and can still be invalidated.
        await model.UpdateByFilterAsync(Elements.Data.Filters.Q.Eq("appId", AppId), new System.Text.Json.Nodes.JsonObject { ["tokenValue"] = "legacy-plain" });
        Assert.Null(await store.GetAsync(AppId));
        Assert.True(await store.InvalidateAsync(AppId, "legacy-plain"));
    }

    [Fact]
    public async Task Tokens_of_different_apps_are_independent()
    {
        var store = Store;
        var a = await store.TryAcquireRefreshLeaseAsync(AppId, LeaseDuration);
        var b = await store.TryAcquireRefreshLeaseAsync("wx_other", LeaseDuration);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.True(await store.SaveAsync(b!, new WeChatAccessToken("wx_other", "other", _time.GetUtcNow(), _time.GetUtcNow().AddHours(1), _time.GetUtcNow().AddHours(2))));
        Assert.Null(await store.GetAsync(AppId));
        Assert.Equal("other", (await store.GetAsync("wx_other"))!.Value);
        Assert.DoesNotContain("other", store.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hundred_concurrent_callers_cause_one_token_request()
    {
        await using var sandbox = await WeChatSandboxServer.StartAsync();
        await sandbox.Control.RegisterAppAsync(new() { AppId = AppId, Secret = "store-test-secret" });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(App);
        services.AddDatabaseAccessTokenStore();
        services.AddWeChatClient(o =>
        {
            o.ApiBaseUrl = sandbox.BaseUrl;
            o.AddApp(AppId, "store-test-secret");
        });
        await using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<AccessTokenProvider>();
        Assert.IsType<DatabaseAccessTokenStore>(provider.GetRequiredService<IAccessTokenStore>());

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => tokens.GetTokenAsync(AppId))));

        Assert.Single(results.Distinct());
        Assert.Equal(1, await sandbox.Control.GetCallCountAsync(StablePath));
        // The token is in the database: a second provider (as after a restart) uses it without asking WeChat.
        Assert.Equal(results[0], (await new DatabaseAccessTokenStore(App).GetAsync(AppId))!.Value);
    }

    [Fact]
    public async Task Two_apps_with_their_own_providers_on_one_database_cause_one_token_request()
    {
        await using var sandbox = await WeChatSandboxServer.StartAsync();
        await sandbox.Control.RegisterAppAsync(new() { AppId = AppId, Secret = "store-test-secret" });
        // Two independent element apps and DI containers (as two processes would have), loaded from the same folder:
        // same database, separate pools, separate in-process single flight. Only the database lease is shared.
        await using var first = BuildProvider(sandbox.BaseUrl);
        await using var second = BuildProvider(sandbox.BaseUrl);
        var a = first.GetRequiredService<AccessTokenProvider>();
        var b = second.GetRequiredService<AccessTokenProvider>();

        // Neither app has used the token model yet: both also race to create its table.
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).GetTokenAsync(AppId))));

        Assert.Single(results.Distinct());
        Assert.Equal(1, await sandbox.Control.GetCallCountAsync(StablePath));
    }

    private ServiceProvider BuildProvider(string sandboxUrl)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddElements(o => o.AppPath = Folder.Path).AddStdElements();
        services.AddWeChatClient(o =>
        {
            o.ApiBaseUrl = sandboxUrl;
            o.AddApp(AppId, "store-test-secret");
            o.TokenLeasePollInterval = TimeSpan.FromMilliseconds(20);
        });
        // After AddWeChatClient on purpose: the database store replaces the in-memory default in either order.
        services.AddDatabaseAccessTokenStore();
        var provider = services.BuildServiceProvider();
        Assert.IsType<DatabaseAccessTokenStore>(provider.GetRequiredService<IAccessTokenStore>());
        return provider;
    }
}
