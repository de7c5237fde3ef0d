using System.Text;
using System.Text.Json;

namespace Elements.Diagnostics;

/// <summary>
/// The 1-based line/column of every value and property name of one JSON file, from a single pass. Looking each
/// diagnostic up from the start of the file made a file with thousands of problems (say a <c>functionList</c> of
/// 5,000 functions without implementation) quadratic: seconds to minutes instead of milliseconds.
/// </summary>
internal sealed class JsonPositions
{
    private readonly Dictionary<string, (int Line, int Column)> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Line, int Column)> _names = new(StringComparer.Ordinal);

    private JsonPositions()
    {
    }

    public static JsonPositions Build(ReadOnlySpan<byte> json)
    {
        var positions = new JsonPositions();
        var frames = new List<Frame>();

        // Tokens come in file order, so the tracker advances incrementally instead of recounting per token.
        var tracker = new JsonPositionTracker(json);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Key = reader.GetString() };
                        positions._names.TryAdd(Key(frames), tracker.At(reader.TokenStartIndex));
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

                        positions._values.TryAdd(Key(frames), tracker.At(reader.TokenStartIndex));
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                        }

                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A position is a nicety; what was indexed before the bad spot still counts, the rest reports (1,1).
        }

        return positions;
    }

    /// <summary>The value at <paramref name="path"/> (object keys as strings, array indices as ints), or its property
    /// name when <paramref name="propertyName"/> is set; (1,1) when the file has no such spot.</summary>
    public (int Line, int Column) Find(IReadOnlyList<object> path, bool propertyName = false)
    {
        var key = new StringBuilder();
        foreach (var segment in path)
        {
            switch (segment)
            {
                case int index:
                    key.Append("\0#").Append(index);
                    break;
                case string name:
                    key.Append("\0.").Append(name);
                    break;
                default:
                    return (1, 1);
            }
        }

        return (propertyName ? _names : _values).GetValueOrDefault(key.ToString(), (1, 1));
    }

    private static string Key(List<Frame> frames)
    {
        var key = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                key.Append("\0#").Append(frame.Index);
            }
            else
            {
                key.Append("\0.").Append(frame.Key);
            }
        }

        return key.ToString();
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Key);
}
