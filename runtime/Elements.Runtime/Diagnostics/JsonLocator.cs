using System.Text;
using System.Text.Json;

namespace Elements.Diagnostics;

/// <summary>
/// Locates the parser's errors and JSON paths for diagnostics (lines and columns are counted by
/// <see cref="JsonPositionTracker"/>). Positions are only looked up when a diagnostic is reported, so the hot loading
/// path never pays for tracking them.
/// </summary>
internal static class JsonLocator
{
    /// <summary>Line/column of a <see cref="JsonException"/> thrown while parsing <paramref name="json"/>.</summary>
    public static (int Line, int Column) FromException(ReadOnlySpan<byte> json, JsonException exception)
    {
        var line = (int)(exception.LineNumber ?? 0);
        var tracker = new JsonPositionTracker(json);
        var offset = tracker.OffsetOf(line, (int)(exception.BytePositionInLine ?? 0));
        return (line + 1, tracker.At(offset).Column);
    }

    /// <summary>The parser's message without its "LineNumber: .. | BytePositionInLine: .." tail, which the diagnostic
    /// already states as (line,col).</summary>
    public static string CleanMessage(JsonException exception)
    {
        var message = exception.Message;
        var tail = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (tail < 0)
        {
            tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (tail < 0 ? message : message[..tail]).TrimEnd();
    }

    public static (int Line, int Column) ToLineColumn(ReadOnlySpan<byte> json, int offset) => new JsonPositionTracker(json).At(offset);

    /// <summary>Reads a JSON path such as <c>$.authConfig.appId</c> or <c>$.items[2]</c> into segments.</summary>
    public static IReadOnlyList<object> ParsePath(string? jsonPath)
    {
        var segments = new List<object>();
        if (string.IsNullOrEmpty(jsonPath))
        {
            return segments;
        }

        var current = new StringBuilder();
        var i = jsonPath.StartsWith('$') ? 1 : 0;
        for (; i < jsonPath.Length; i++)
        {
            var c = jsonPath[i];
            if (c == '.')
            {
                Flush();
            }
            else if (c == '[')
            {
                Flush();
                var end = jsonPath.IndexOf(']', i);
                if (end < 0)
                {
                    break;
                }

                var inner = jsonPath[(i + 1)..end].Trim('\'');
                segments.Add(int.TryParse(inner, out var index) ? index : inner);
                i = end;
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return segments;

        void Flush()
        {
            if (current.Length > 0)
            {
                segments.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
