using System.Collections.Concurrent;
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

/// <summary>The secret values in play during a test run, each with what it is (for the failure message).</summary>
internal sealed class SecretSet
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public void Add(string what, string value)
    {
        // Short values could match by accident (and are no real secrets): every credential here is long.
        if (value.Length >= 8)
        {
            _values.TryAdd(value, what);
        }
    }

    public int Count => _values.Count;

    /// <summary>Where each secret occurs in <paramref name="text"/>, as readable findings.</summary>
    public IEnumerable<string> FindIn(string where, string text)
    {
        foreach (var (value, what) in _values)
        {
            var at = text.IndexOf(value, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = Math.Max(0, at - 80);
                var excerpt = text.Substring(start, Math.Min(text.Length - start, value.Length + 160)).Replace(value, "<<" + what + ">>", StringComparison.Ordinal);
                yield return $"{what} in {where}: …{excerpt}…";
            }
        }
    }
}
