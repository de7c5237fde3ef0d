using Elements.Std.AccessTokens;
using Elements.Std.Databases;
using Elements.Std.Models;
using Elements.WeChat.Tokens;

namespace Elements.Hosting.AspNetCore.WeChat;

/// <summary>
/// The host's <see cref="IAccessTokenStore"/>: picks the database or the in-memory store by
/// <see cref="WeChatHostOptions.TokenStore"/> at its first use. The choice waits for first use because
/// <see cref="WeChatTokenStore.Auto"/> looks at the token model's database, which activates elements, while the store
/// itself is constructed inside the DI resolution of the WeChat client, typically during another element's activation.
/// </summary>
internal sealed partial class SelectingAccessTokenStore : IAccessTokenStore
{
    private readonly Lazy<IAccessTokenStore> _store;

    public SelectingAccessTokenStore(IServiceProvider services, WeChatTokenStore choice, WeChatMode mode) =>
        _store = new Lazy<IAccessTokenStore>(() => Select(services, choice, mode));

    public ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default) =>
        _store.Value.GetAsync(appId, cancellationToken);

    public ValueTask<AccessTokenLease?> TryAcquireRefreshLeaseAsync(string appId, TimeSpan leaseDuration, CancellationToken cancellationToken = default) =>
        _store.Value.TryAcquireRefreshLeaseAsync(appId, leaseDuration, cancellationToken);

    public ValueTask<bool> SaveAsync(AccessTokenLease lease, WeChatAccessToken token, CancellationToken cancellationToken = default) =>
        _store.Value.SaveAsync(lease, token, cancellationToken);

    public ValueTask ReleaseLeaseAsync(AccessTokenLease lease, CancellationToken cancellationToken = default) =>
        _store.Value.ReleaseLeaseAsync(lease, cancellationToken);

    public ValueTask<bool> InvalidateAsync(string appId, string failedValue, CancellationToken cancellationToken = default) =>
        _store.Value.InvalidateAsync(appId, failedValue, cancellationToken);

    public override string ToString() => _store.IsValueCreated ? _store.Value.ToString() ?? "" : "SelectingAccessTokenStore (not chosen yet)";

    private static IAccessTokenStore Select(IServiceProvider services, WeChatTokenStore choice, WeChatMode mode)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var app = services.GetRequiredService<ElementApp>();
        var logger = services.GetRequiredService<ILogger<SelectingAccessTokenStore>>();
        // In sandbox mode every host has a sandbox of its own with its own secrets and tokens: a token another host
        // stored is unknown here, so sharing is only automatic against a WeChat all hosts share (live mode).
        var shared = choice switch
        {
            WeChatTokenStore.Memory => false,
            WeChatTokenStore.Database => true,
            _ => mode == WeChatMode.Live && OnServerDatabase(app),
        };
        if (!shared)
        {
            LogChosen(logger, "memory", choice);
            return new InMemoryAccessTokenStore(time);
        }

        LogChosen(logger, DatabaseAccessTokenStore.DefaultModelName, choice);
        return new DatabaseAccessTokenStore(app, time);
    }

    private static bool OnServerDatabase(ElementApp app) =>
        app.FindElements(DatabaseAccessTokenStore.DefaultModelName).Count > 0
        && app.GetElement<ModelElement>(DatabaseAccessTokenStore.DefaultModelName).DatabaseElement is PostgresDatabaseElement;

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat access tokens are kept in {Store} (Elements:WeChat:TokenStore = {Choice})")]
    private static partial void LogChosen(ILogger logger, string store, WeChatTokenStore choice);
}
