using System.Text;
using System.Text.Json;

namespace Elements.Diagnostics;

/// <summary>
/// Turns positions in UTF-8 JSON into 1-based line and column numbers. Positions are only looked up when a diagnostic
/// is reported, so the hot loading path never pays for tracking them.
/// </summary>
internal static class JsonLocator
{
    /// <summary>Line/column of the value at <paramref name="path"/> (object keys as strings, array indices as ints),
    /// or of its property name when <paramref name="propertyName"/> is set. Falls back to (1,1).</summary>
    public static (int Line, int Column) Find(ReadOnlySpan<byte> json, IReadOnlyList<object> path, bool propertyName = false)
    {
        var offset = FindOffset(json, path, propertyName);
        return offset < 0 ? (1, 1) : ToLineColumn(json, offset);
    }

    /// <summary>Line/column of a <see cref="JsonException"/> thrown while parsing <paramref name="json"/>.</summary>
    public static (int Line, int Column) FromException(ReadOnlySpan<byte> json, JsonException exception)
    {
        var line = (int)(exception.LineNumber ?? 0);
        var bytePosition = (int)(exception.BytePositionInLine ?? 0);
        var start = LineStart(json, line);
        return (line + 1, CountChars(json, start, Math.Min(json.Length, start + bytePosition)) + 1);
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

    public static (int Line, int Column) ToLineColumn(ReadOnlySpan<byte> json, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset && i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line + 1, CountChars(json, lineStart, offset) + 1);
    }

    private static int LineStart(ReadOnlySpan<byte> json, int line)
    {
        var start = 0;
        for (var i = 0; i < json.Length && line > 0; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line--;
                start = i + 1;
            }
        }

        return start;
    }

    // Columns count characters, not bytes, so a Chinese title before the error does not skew the column.
    private static int CountChars(ReadOnlySpan<byte> json, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to && i < json.Length; i++)
        {
            if ((json[i] & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }

    private static int FindOffset(ReadOnlySpan<byte> json, IReadOnlyList<object> path, bool propertyName)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            var frames = new List<Frame>();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Key = reader.GetString() };
                        if (propertyName && Matches(frames, path))
                        {
                            return (int)reader.TokenStartIndex;
                        }

                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].IsArray)
                        {
                            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                        }

                        if (!propertyName && Matches(frames, path))
                        {
                            return (int)reader.TokenStartIndex;
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A position is a nicety; a file that does not parse simply reports (1,1).
        }

        return -1;
    }

    private static bool Matches(List<Frame> frames, IReadOnlyList<object> path)
    {
        if (frames.Count != path.Count)
        {
            return false;
        }

        for (var i = 0; i < path.Count; i++)
        {
            var matches = path[i] switch
            {
                int index => frames[i].IsArray && frames[i].Index == index,
                string key => !frames[i].IsArray && frames[i].Key == key,
                _ => false,
            };
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

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

    private readonly record struct Frame(bool IsArray, int Index, string? Key);
}
