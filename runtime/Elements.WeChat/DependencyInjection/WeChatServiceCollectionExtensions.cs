using Elements.WeChat.Client;
using Elements.WeChat.Configuration;
using Elements.WeChat.Diagnostics;
using Elements.WeChat.Http;
using Elements.WeChat.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WeChat client.</summary>
public static class WeChatServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IWeChatClient"/>, <see cref="AccessTokenProvider"/>, an <see cref="InMemoryAccessTokenStore"/>
    /// (unless another <see cref="IAccessTokenStore"/> is registered) and the named HttpClient <c>Elements.WeChat</c>
    /// with its resilience pipeline and a logger that masks credentials. Returns the HttpClient builder for further
    /// HTTP configuration (e.g. a primary handler). Apps come from <see cref="WeChatOptions.Apps"/>, then from every
    /// registered <see cref="IWeChatAppSource"/> (the <see cref="WeChatAppRegistry"/> first).
    /// </summary>
    public static IHttpClientBuilder AddWeChatClient(this IServiceCollection services, Action<WeChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<WeChatOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessTokenStore>(sp => new InMemoryAccessTokenStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<WeChatAppRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWeChatAppSource, WeChatAppRegistry>(sp => sp.GetRequiredService<WeChatAppRegistry>()));
        services.AddMetrics();
        services.TryAddSingleton(sp => new WeChatMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new WeChatTransport(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptionsMonitor<WeChatOptions>>(),
            sp.GetServices<IWeChatAppSource>(),
            sp.GetRequiredService<WeChatMetrics>(),
            sp.GetRequiredService<ILogger<WeChatTransport>>()));
        services.TryAddSingleton(sp => new WeChatTokenEndpoints(sp.GetRequiredService<WeChatTransport>()));
        services.TryAddSingleton(sp => new AccessTokenProvider(
            sp.GetRequiredService<IAccessTokenStore>(),
            sp.GetRequiredService<WeChatTokenEndpoints>(),
            sp.GetRequiredService<WeChatTransport>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AccessTokenProvider>>()));
        services.TryAddSingleton(sp => new WeChatClient(
            sp.GetRequiredService<WeChatTransport>(),
            sp.GetRequiredService<WeChatTokenEndpoints>(),
            sp.GetRequiredService<AccessTokenProvider>()));
        services.TryAddSingleton<IWeChatClient>(sp => sp.GetRequiredService<WeChatClient>());

        var http = services.AddHttpClient(WeChatTransport.HttpClientName, client =>
        {
            // Polly owns the timeouts (total and per attempt); HttpClient's own 100 s default would only interfere.
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        });

        // The default IHttpClientFactory loggers write full request URIs, and WeChat carries secret, access_token
        // and js_code in the query string: replace them with a logger that masks those values.
        http.RedactLoggedHeaders(_ => true);
        http.RemoveAllLoggers();
        http.AddLogger(sp => new WeChatHttpClientLogger(sp.GetRequiredService<ILogger<WeChatHttpClientLogger>>()), wrapHandlersPipeline: true);

        http.AddResilienceHandler("wechat", static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<WeChatOptions>>().Value;
            // Polly reports an attempt that timed out or failed as an error even when a retry then succeeds. A WeChat
            // hiccup is not a failure of this process: the caller gets a WeChatException and the transport logs it as
            // a warning, so Polly's events here are at most warnings (same options otherwise: logging, enrichers).
            var telemetry = new TelemetryOptions(context.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value);
            var severity = telemetry.SeverityProvider;
            telemetry.SeverityProvider = args => (severity?.Invoke(args) ?? args.Event.Severity) switch
            {
                ResilienceEventSeverity.Error or ResilienceEventSeverity.Critical => ResilienceEventSeverity.Warning,
                var other => other,
            };
            pipeline.ConfigureTelemetry(telemetry);
            pipeline.AddTimeout(options.Timeout);
            if (options.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    Delay = options.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => WeChatTransientPredicate.ShouldRetryAsync(args.Outcome.Result, args.Outcome.Exception, args.Context.CancellationToken),
                });
            }

            pipeline.AddTimeout(options.AttemptTimeout);
        });

        return http;
    }
}
