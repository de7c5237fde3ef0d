using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Reliability.Tests.Support;

/// <summary>The sample app's element API (<c>POST /api/demo/SampleApp/{element/path}/{function}</c>) of one host.</summary>
internal sealed class ElementApiClient : IDisposable
{
    public const string MiniLogin = "auths.loginTypes.myWeChatMiniLogin";
    public const string AuthSvc = "auths.services.AuthSvc";
    public const string Messages = "messages.MyCustomService";
    public const string Todo = "models.Todo";

    private readonly HttpClient _http;

    public ElementApiClient(Uri baseUri, int clients)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            // Every client of a load run keeps its own connection; more for bursts (200 sends at once).
            MaxConnectionsPerServer = Math.Max(clients * 2, 256),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Http => _http;

    /// <summary>Calls a function; never throws for an HTTP or transport failure (see <see cref="ApiResult"/>).</summary>
    public async Task<ApiResult> CallAsync(string element, string function, JsonObject? args = null, string? token = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/demo/SampleApp/{element.Replace('.', '/')}/{function}")
        {
            Content = new StringContent((args ?? []).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            JsonNode? body;
            try
            {
                body = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                body = JsonValue.Create(text);
            }

            return new ApiResult((int)response.StatusCode, body, ms);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return new ApiResult(0, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>Calls a function that must succeed, and returns its JSON object.</summary>
    public async Task<JsonObject> InvokeAsync(string element, string function, JsonObject? args = null, string? token = null)
    {
        var result = await CallAsync(element, function, args, token);
        return result.IsSuccess ? result.Object : throw new InvalidOperationException($"{element}.{function}: {result}");
    }

    public void Dispose() => _http.Dispose();
}
