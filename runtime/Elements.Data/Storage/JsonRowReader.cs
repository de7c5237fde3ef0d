using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance.Buffers;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>
/// Rows read as JSON. The rows are written as UTF-8 JSON while the reader advances and parsed once: nodes parsed from
/// text stay backed by their document until something reads or changes them, so rows that go straight to a reply are
/// never built as trees of nodes (about 1 KB per row of seven fields, most of what a query through the invoker
/// allocated beyond Dapper). A caller that touches a row gets ordinary nodes; numbers are document-backed either way, so every
/// numeric cast works (see <see cref="JsonNumber"/>).
/// </summary>
internal static class JsonRowReader
{
    // Only the intermediate text: strings are unescaped when parsed and escaped again by whatever writer serializes
    // the rows, with that writer's encoder.
    internal static readonly JsonWriterOptions TextOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    // A page of a few dozen rows fits without the buffer growing.
    internal const int InitialBufferBytes = 16 * 1024;

    public static async Task<JsonArray> ReadAsync(DbDataReader reader, IReadOnlyList<FieldDefinition> fields, CancellationToken ct)
    {
        var names = Names(fields);
        using var text = new ArrayPoolBufferWriter<byte>(InitialBufferBytes);
        using (var writer = new Utf8JsonWriter(text, TextOptions))
        {
            writer.WriteStartArray();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                writer.WriteStartObject();
                for (var i = 0; i < names.Length; i++)
                {
                    writer.WritePropertyName(names[i]);
                    // GetValue, not a typed getter: SQLite's storage class varies by row, and ValueCodec checks it.
                    if (reader.GetValue(i) is var value and not DBNull)
                    {
                        ValueCodec.WriteJson(writer, fields[i], value);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Parse(text.WrittenSpan);
    }

    /// <summary>The fields' names as the property names of the intermediate text.</summary>
    internal static JsonEncodedText[] Names(IReadOnlyList<FieldDefinition> fields)
    {
        var names = new JsonEncodedText[fields.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = EncodedNames[fields[i].Name];
        }

        return names;
    }

    // Field names come from schemas: each is encoded once.
    private static readonly NameMemo<JsonEncodedText> EncodedNames = new(name => JsonEncodedText.Encode(name, TextOptions.Encoder));

    /// <summary>The rows of the intermediate text, a JSON array of row objects.</summary>
    internal static JsonArray Parse(ReadOnlySpan<byte> text)
    {
        // The document keeps its own copy of the text (the caller's pooled buffer goes back) and is never disposed:
        // the rows refer to it for as long as anyone holds them.
        var document = JsonDocument.Parse(text.ToArray());
        return JsonArray.Create(document.RootElement)!;
    }

    /// <summary>The rows of <paramref name="rows"/> on their own, each free to be put into another node.</summary>
    public static List<JsonObject> Detach(JsonArray rows)
    {
        var list = new List<JsonObject>(rows.Count);
        foreach (var row in rows)
        {
            list.Add((JsonObject)row!);
        }

        rows.Clear();
        return list;
    }
}
