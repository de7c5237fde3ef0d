using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.WeChat.Configuration;
using Elements.WeChat.Diagnostics;
using Elements.WeChat.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Elements.WeChat.Http;

/// <summary>
/// Sends one WeChat API request through the named HttpClient (with its resilience pipeline) and turns the answer
/// into a JSON object or a typed <see cref="WeChatException"/>.
/// </summary>
internal sealed partial class WeChatTransport(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<WeChatOptions> options,
    IEnumerable<IWeChatAppSource> sources,
    WeChatMetrics metrics,
    ILogger<WeChatTransport> logger)
{
    public const string HttpClientName = "Elements.WeChat";

    private readonly IWeChatAppSource[] _sources = [.. sources];

    public WeChatOptions Options => options.CurrentValue;

    public WeChatAppOptions GetApp(string appId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        var apps = options.CurrentValue.Apps;
        if (apps.TryGetValue(appId, out var app))
        {
            return app;
        }

        // Configuration binding keys apps by id and may leave AppId empty.
        foreach (var candidate in apps.Values)
        {
            if (candidate.AppId == appId)
            {
                return candidate;
            }
        }

        foreach (var source in _sources)
        {
            if (source.TryGet(appId, out var supplied))
            {
                return supplied;
            }
        }

        throw new WeChatAppNotConfiguredException(appId);
    }

    public string ApiBaseUrl(WeChatAppOptions app) => (app.ApiBaseUrl ?? options.CurrentValue.ApiBaseUrl).TrimEnd('/');

    public string OpenBaseUrl(WeChatAppOptions app) => (app.OpenBaseUrl ?? options.CurrentValue.OpenBaseUrl).TrimEnd('/');

    public async Task<JsonObject> SendAsync(WeChatRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = WeChatTelemetry.ActivitySource.StartActivity(WeChatTelemetry.CallActivityName, ActivityKind.Client);
        activity?.SetTag(WeChatTelemetry.EndpointTag, request.Path);
        var (outcome, errcode) = ("error", (int?)null);
        try
        {
            var json = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
            (outcome, errcode) = ("ok", 0);
            return json;
        }
        catch (WeChatException ex)
        {
            (outcome, errcode) = ex switch
            {
                WeChatTimeoutException => ("timeout", null),
                WeChatHttpException http => (http.Kind switch
                {
                    WeChatHttpFailureKind.Status => "http_status",
                    WeChatHttpFailureKind.Connection => "connection",
                    _ => "malformed",
                }, null),
                _ => (ex.Errcode is null ? "error" : "errcode", ex.Errcode),
            };
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            activity?.SetTag(WeChatTelemetry.OutcomeTag, outcome);
            activity?.SetTag(WeChatTelemetry.ErrcodeTag, errcode);
            metrics.Record(request.Path, started, outcome, errcode);
        }
    }

    private async Task<JsonObject> SendCoreAsync(WeChatRequest request, CancellationToken cancellationToken)
    {
        var app = GetApp(request.AppId);
        var uri = BuildUri(ApiBaseUrl(app), request.Path, request.Query);
        using var message = new HttpRequestMessage(request.Method, uri);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        string body;
        int status;
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogHttpFailure(logger, request.Path, status);
                throw new WeChatHttpException(request.Path, WeChatHttpFailureKind.Status, status, $"HTTP {status} {response.ReasonPhrase}");
            }
        }
        catch (TimeoutRejectedException ex)
        {
            LogTimeout(logger, request.Path);
            throw new WeChatTimeoutException(request.Path, ex.Timeout, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimeout(logger, request.Path);
            throw new WeChatTimeoutException(request.Path, options.CurrentValue.Timeout, ex);
        }
        catch (HttpRequestException ex)
        {
            LogConnectionFailure(logger, request.Path, ex.HttpRequestError.ToString());
            throw new WeChatHttpException(request.Path, WeChatHttpFailureKind.Connection, null, $"connection failed ({ex.HttpRequestError})", ex);
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject
                ?? throw new WeChatHttpException(request.Path, WeChatHttpFailureKind.MalformedResponse, status, "the response is not a JSON object");
        }
        catch (JsonException ex)
        {
            LogMalformed(logger, request.Path, body.Length);
            // The body itself is not quoted: it could echo a credential.
            throw new WeChatHttpException(request.Path, WeChatHttpFailureKind.MalformedResponse, status, "the response is not valid JSON", ex);
        }

        var errcode = ReadErrcode(json, request.Path, status);
        if (errcode is null or 0)
        {
            return json;
        }

        var errmsg = WeChatRedactor.Scrub(json["errmsg"]?.GetValueKind() == JsonValueKind.String ? json["errmsg"]!.GetValue<string>() : "", request.SensitiveValues);
        var exception = WeChatErrors.FromResponse(errcode.Value, errmsg, request.Path);
        LogWeChatError(logger, request.Path, errcode.Value, exception.ErrorClass, exception.Rid);
        throw exception;
    }

    private static int? ReadErrcode(JsonObject json, string path, int status)
    {
        if (json["errcode"] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<int>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<long>(out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            return (int)wide;
        }

        throw new WeChatHttpException(path, WeChatHttpFailureKind.MalformedResponse, status, "errcode is not a number");
    }

    internal static Uri BuildUri(string baseUrl, string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        // Sized for the common case (nothing to escape) so that it is built in one buffer.
        var length = baseUrl.Length + path.Length;
        for (var i = 0; i < query.Count; i++)
        {
            length += query[i].Key.Length + query[i].Value.Length + 2;
        }

        var builder = new StringBuilder(baseUrl, length + 16).Append(path);
        for (var i = 0; i < query.Count; i++)
        {
            builder.Append(i == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(query[i].Key))
                .Append('=')
                .Append(Uri.EscapeDataString(query[i].Value));
        }

        return new Uri(builder.ToString(), UriKind.Absolute);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "WeChat {Endpoint} returned errcode {Errcode} ({ErrorClass}), rid {Rid}")]
    private static partial void LogWeChatError(ILogger logger, string endpoint, int errcode, WeChatErrorClass errorClass, string? rid);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "WeChat {Endpoint} answered HTTP {StatusCode}")]
    private static partial void LogHttpFailure(ILogger logger, string endpoint, int statusCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "WeChat {Endpoint} timed out")]
    private static partial void LogTimeout(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "WeChat {Endpoint} connection failed: {Error}")]
    private static partial void LogConnectionFailure(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "WeChat {Endpoint} sent a malformed body ({Length} chars)")]
    private static partial void LogMalformed(ILogger logger, string endpoint, int length);
}
