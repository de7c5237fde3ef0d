using System.Buffers;
using System.Text;
using System.Text.Json;
using Elements.Diagnostics;

namespace Elements.Loading;

/// <summary>
/// Parses the loader's JSON files (app.json, e.json, business configs) with one set of options, reporting EL0001 for
/// anything that is not well-formed text. The parser alone accepts invalid UTF-8 and unpaired <c>\uD800</c> escapes
/// inside strings and only fails when a string is read; checking the text up front turns that into a diagnostic at
/// the offending position instead of an exception somewhere in the loader.
/// </summary>
internal static class JsonFile
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The root element (a clone that outlives the pooled document), or null once EL0001 is reported.</summary>
    public static JsonElement? Parse(string file, byte[] bytes, DiagnosticBag diagnostics)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException ex)
        {
            diagnostics.AddJsonError(file, bytes, ex);
            return null;
        }

        // Number nodes keep pointing into the JSON, so they get a compact, unpooled copy and the document's pooled
        // buffers go straight back to the pool (left undisposed, each file would cost a fresh 4 KB buffer).
        JsonElement root;
        using (document)
        {
            root = document.RootElement.Clone();
        }

        if (FindInvalidText(bytes) is var (offset, problem) && offset >= 0)
        {
            var (line, column) = JsonLocator.ToLineColumn(bytes, offset);
            diagnostics.Add(DiagnosticCodes.MalformedJson, file, line, column, $"malformed JSON: {problem}");
            return null;
        }

        return root;
    }

    /// <summary>The byte offset of the first text no string can hold, and why; (-1, "") when all text is valid.</summary>
    internal static (int Offset, string Problem) FindInvalidText(ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            for (var offset = 0; offset < json.Length;)
            {
                if (Rune.DecodeFromUtf8(json[offset..], out _, out var consumed) != OperationStatus.Done)
                {
                    return (offset, $"invalid UTF-8 byte 0x{json[offset]:X2} (the file must be UTF-8)");
                }

                offset += consumed;
            }
        }

        return json.IndexOf("\\u"u8) < 0 ? (-1, "") : FindUnpairedSurrogate(json);
    }

    // Walks strings only (comments may say anything) and checks each \uXXXX surrogate escape has its partner.
    private static (int Offset, string Problem) FindUnpairedSurrogate(ReadOnlySpan<byte> json)
    {
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (!inString)
            {
                if (b == (byte)'"')
                {
                    inString = true;
                }
                else if (b == (byte)'/' && i + 1 < json.Length && json[i + 1] is (byte)'/' or (byte)'*')
                {
                    var end = json[i + 1] == (byte)'/' ? json[i..].IndexOf((byte)'\n') : json[(i + 2)..].IndexOf("*/"u8);
                    i = end < 0 ? json.Length : json[i + 1] == (byte)'/' ? i + end : i + 2 + end + 1;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = false;
            }
            else if (b == (byte)'\\' && i + 1 < json.Length)
            {
                if (json[i + 1] != (byte)'u' || !TryHex(json, i + 2, out var unit))
                {
                    i++;
                    continue;
                }

                if (char.IsHighSurrogate(unit) && json.Length > i + 11 && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u'
                    && TryHex(json, i + 8, out var low) && char.IsLowSurrogate(low))
                {
                    i += 11;
                }
                else if (char.IsSurrogate(unit))
                {
                    return (i, $"\\u{(int)unit:X4} is an unpaired surrogate escape (not valid text)");
                }
                else
                {
                    i += 5;
                }
            }
        }

        return (-1, "");
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int start, out char unit)
    {
        unit = '\0';
        if (start + 4 > json.Length)
        {
            return false;
        }

        var value = 0;
        foreach (var b in json.Slice(start, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value * 16) + digit;
        }

        unit = (char)value;
        return true;
    }
}
