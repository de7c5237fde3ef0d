using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace Elements.WeChat.Http;

/// <summary>Decides which HTTP outcomes the resilience pipeline retries.</summary>
internal static class WeChatTransientPredicate
{
    public static async ValueTask<bool> ShouldRetryAsync(HttpResponseMessage? response, Exception? exception, CancellationToken cancellationToken)
    {
        if (exception is not null)
        {
            return exception is HttpRequestException or TimeoutRejectedException;
        }

        if (response is null)
        {
            return false;
        }

        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        // WeChat reports "system busy" as HTTP 200 with errcode -1, so the body decides. Buffering lets the
        // caller read it again when no retry happens.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ReadErrcode(bytes) == -1;
    }

    internal static int? ReadErrcode(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("errcode"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var errcode) ? errcode : null;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed bodies are reported by the transport, not retried.
        }

        return null;
    }
}
