using Elements.WeChat.Client;
using Elements.WeChat.Configuration;
using Elements.WeChat.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.WeChat.Tests.Support;

/// <summary>A DI container with the WeChat client pointed at a sandbox, logs captured at every level.</summary>
public sealed class ClientHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ClientHarness(ServiceProvider services, CapturingLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
    }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _services;

    public IWeChatClient Client => _services.GetRequiredService<IWeChatClient>();

    public AccessTokenProvider Tokens => _services.GetRequiredService<AccessTokenProvider>();

    public IAccessTokenStore Store => _services.GetRequiredService<IAccessTokenStore>();

    public static ClientHarness Create(
        SandboxServer sandbox,
        Action<WeChatOptions>? configure = null,
        TimeProvider? timeProvider = null,
        IAccessTokenStore? store = null)
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        if (store is not null)
        {
            services.AddSingleton(store);
        }

        services.AddWeChatClient(options =>
        {
            options.ApiBaseUrl = sandbox.BaseUrl;
            options.OpenBaseUrl = sandbox.BaseUrl;
            // Fast but real backoff so retry tests stay quick.
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.AttemptTimeout = TimeSpan.FromSeconds(5);
            options.Timeout = TimeSpan.FromSeconds(20);
            options.AddApp(WeChatTestApps.OfficialAppId, WeChatTestApps.OfficialSecret);
            options.AddApp(WeChatTestApps.MiniAppId, WeChatTestApps.MiniSecret);
            options.AddApp(WeChatTestApps.OtherMiniAppId, WeChatTestApps.OtherMiniSecret);
            configure?.Invoke(options);
        });
        return new ClientHarness(services.BuildServiceProvider(), logs);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
