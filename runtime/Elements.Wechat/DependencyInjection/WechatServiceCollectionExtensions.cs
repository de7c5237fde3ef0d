using Elements.Wechat;
using Elements.Wechat.Diagnostics;
using Elements.Wechat.Http;
using Elements.Wechat.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WeChat client.</summary>
public static class WechatServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IWechatClient"/>, <see cref="AccessTokenProvider"/>, an <see cref="InMemoryAccessTokenStore"/>
    /// (unless another <see cref="IAccessTokenStore"/> is registered) and the named HttpClient <c>Elements.Wechat</c>
    /// with its resilience pipeline and a logger that masks credentials. Returns the HttpClient builder for further
    /// HTTP configuration (e.g. a primary handler). Apps come from <see cref="WechatOptions.Apps"/>, then from every
    /// registered <see cref="IWechatAppSource"/> (the <see cref="WechatAppRegistry"/> first).
    /// </summary>
    public static IHttpClientBuilder AddWechatClient(this IServiceCollection services, Action<WechatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<WechatOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessTokenStore>(sp => new InMemoryAccessTokenStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<WechatAppRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWechatAppSource, WechatAppRegistry>(sp => sp.GetRequiredService<WechatAppRegistry>()));
        services.AddMetrics();
        services.TryAddSingleton(sp => new WechatMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new WechatTransport(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptionsMonitor<WechatOptions>>(),
            sp.GetServices<IWechatAppSource>(),
            sp.GetRequiredService<WechatMetrics>(),
            sp.GetRequiredService<ILogger<WechatTransport>>()));
        services.TryAddSingleton(sp => new WechatTokenEndpoints(sp.GetRequiredService<WechatTransport>()));
        services.TryAddSingleton(sp => new AccessTokenProvider(
            sp.GetRequiredService<IAccessTokenStore>(),
            sp.GetRequiredService<WechatTokenEndpoints>(),
            sp.GetRequiredService<WechatTransport>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AccessTokenProvider>>()));
        services.TryAddSingleton(sp => new WechatClient(
            sp.GetRequiredService<WechatTransport>(),
            sp.GetRequiredService<WechatTokenEndpoints>(),
            sp.GetRequiredService<AccessTokenProvider>()));
        services.TryAddSingleton<IWechatClient>(sp => sp.GetRequiredService<WechatClient>());

        var http = services.AddHttpClient(WechatTransport.HttpClientName, client =>
        {
            // Polly owns the timeouts (total and per attempt); HttpClient's own 100 s default would only interfere.
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        });

        // The default IHttpClientFactory loggers write full request URIs, and WeChat carries secret, access_token
        // and js_code in the query string: replace them with a logger that masks those values.
        http.RedactLoggedHeaders(_ => true);
        http.RemoveAllLoggers();
        http.AddLogger(sp => new WechatHttpClientLogger(sp.GetRequiredService<ILogger<WechatHttpClientLogger>>()), wrapHandlersPipeline: true);

        http.AddResilienceHandler("wechat", static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<WechatOptions>>().Value;
            // Polly reports an attempt that timed out or failed as an error even when a retry then succeeds. A WeChat
            // hiccup is not a failure of this process: the caller gets a WechatException and the transport logs it as
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
                    ShouldHandle = args => WechatTransientPredicate.ShouldRetryAsync(args.Outcome.Result, args.Outcome.Exception, args.Context.CancellationToken),
                });
            }

            pipeline.AddTimeout(options.AttemptTimeout);
        });

        return http;
    }
}
