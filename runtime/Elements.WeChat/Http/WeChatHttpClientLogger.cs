using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace Elements.WeChat.Http;

/// <summary>
/// Replaces IHttpClientFactory's default request logging, which writes full URIs (and WeChat puts secret,
/// access_token and js_code in the query string). Logs the same facts with sensitive values masked.
/// </summary>
internal sealed partial class WeChatHttpClientLogger(ILogger<WeChatHttpClientLogger> logger) : IHttpClientLogger
{
    // The masked URI is built only for a line that is written: at the default levels that is none of a successful call's.
    public object? LogRequestStart(HttpRequestMessage request)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogStart(logger, request.Method.Method, WeChatRedactor.RedactUri(request.RequestUri));
        }

        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogStop(logger, request.Method.Method, WeChatRedactor.RedactUri(request.RequestUri), (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        LogFailed(logger, request.Method.Method, WeChatRedactor.RedactUri(request.RequestUri), exception.GetType().Name, elapsed.TotalMilliseconds);

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "WeChat HTTP {Method} {Uri} started")]
    private static partial void LogStart(ILogger logger, string method, string uri);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "WeChat HTTP {Method} {Uri} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogStop(ILogger logger, string method, string uri, int statusCode, double elapsedMs);

    // The exception object itself is not logged: only its type, so no handler text can carry a URI along.
    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "WeChat HTTP {Method} {Uri} failed ({ExceptionType}) after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string method, string uri, string exceptionType, double elapsedMs);
}
