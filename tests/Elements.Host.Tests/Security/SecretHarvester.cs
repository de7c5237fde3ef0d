using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Host.Tests.Security;

/// <summary>
/// Sits innermost in the WeChat client's HttpClient pipeline and writes down every credential WeChat (the sandbox)
/// hands the host: access_token, refresh_token, session_key. These are the values the leak scan looks for; nothing
/// is changed on the way through.
/// </summary>
internal sealed class SecretHarvester(SecretSet secrets) : DelegatingHandler
{
    private static readonly string[] Fields = ["access_token", "refresh_token", "session_key"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType is "application/json" or "text/plain" or null)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                if (JsonNode.Parse(text) is JsonObject body)
                {
                    foreach (var field in Fields)
                    {
                        if (body[field] is JsonValue value && value.TryGetValue<string>(out var secret))
                        {
                            secrets.Add($"WeChat {field} ({request.RequestUri?.AbsolutePath})", secret);
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Injected malformed answers: nothing to harvest.
            }
        }

        return response;
    }
}
