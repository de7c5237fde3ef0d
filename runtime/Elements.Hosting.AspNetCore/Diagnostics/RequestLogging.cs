using System.Diagnostics;

namespace Elements.Hosting.AspNetCore.Diagnostics;

/// <summary>
/// The host's own request log: method, path, status and duration, never the query string. ASP.NET Core's request-line
/// log (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, "Request starting … ?…") writes full URLs, and WeChat's API
/// carries credentials there (<c>secret=</c>, <c>access_token=</c>, OAuth <c>code=</c>): in sandbox mode those
/// requests are served by this process, and the linking callback's <c>code</c> arrives the same way. So the host turns
/// that category off and logs requests here instead. Off rather than capped at Warning: while the category is enabled
/// at any level, ASP.NET Core starts an <see cref="Activity"/> and a log scope for every request (and the WeChat
/// client then an activity and a <c>traceparent</c> header for every call), which nothing reads unless tracing listens,
/// and a tracing listener (OpenTelemetry) still gets them. The category's only other lines are startup failures, which
/// <c>Microsoft.Extensions.Hosting</c> logs as well ("Hosting failed to start").
/// </summary>
internal static partial class RequestLogging
{
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string Category = "Elements.Host.Requests";

    /// <summary>
    /// Polly's resilience telemetry (the WeChat client's pipeline) logs every attempt, successful ones included, at
    /// Information: one line per WeChat call, on the login path. Capped at Warning (retries and failures still show)
    /// unless the app's configuration names the category itself.
    /// </summary>
    public const string PollyCategory = "Polly";

    public static void AddHostLogFilters(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        if (configuration[$"Logging:LogLevel:{PollyCategory}"] is null)
        {
            logging.AddFilter(PollyCategory, LogLevel.Warning);
        }
    }

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        // Not an async lambda: with Debug off (the default) a request passes straight through, with no state machine.
        return app.Use((context, next) => logger.IsEnabled(LogLevel.Debug) ? LoggedAsync(logger, context, next) : next(context));
    }

    private static async Task LoggedAsync(ILogger logger, HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // Debug, as the element API's successful calls: a busy host would spend more on logging than on work.
            LogRequest(logger, context.Request.Method, context.Request.PathBase + context.Request.Path, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);
}
