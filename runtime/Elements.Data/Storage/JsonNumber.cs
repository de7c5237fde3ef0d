using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Data.Storage;

/// <summary>
/// Numbers as JSON values that convert to every numeric type, as parsed JSON does. <c>JsonValue.Create(long)</c>
/// holds a boxed long that only <c>(long)</c> reads: <c>(int)row["id"]</c> in a script or a service would throw
/// "Int64 cannot be converted to Int32" although the number fits. So a number is written as JSON text and parsed,
/// as the numbers of rows are (<see cref="JsonRowReader"/>).
/// </summary>
internal static class JsonNumber
{
    public static JsonValue Create(long value)
    {
        Span<byte> text = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, text, out var written);
        return Parse(text[..written]);
    }

    public static JsonValue Create(decimal value)
    {
        Span<byte> text = stackalloc byte[48];
        Utf8Formatter.TryFormat(Canonical(value), text, out var written);
        return Parse(text[..written]);
    }

    /// <summary>
    /// The value without trailing zeros, so it prints alike whether PostgreSQL's numeric(18,2) gave 12.50 or SQLite 12.5.
    /// </summary>
    public static decimal Canonical(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (byte)(bits[3] >> 16);
        if (scale == 0)
        {
            return value;
        }

        if (bits[2] != 0)
        {
            // A coefficient beyond 64 bits: dividing by one with 33 zeros drops the trailing zeros (a rare, slower path).
            return value / 1.000000000000000000000000000000000m;
        }

        // Stripping zeros off a 64-bit coefficient is a few integer divisions; the decimal division costs about 4x more.
        var coefficient = (ulong)(uint)bits[1] << 32 | (uint)bits[0];
        while (scale > 0 && coefficient % 10 == 0)
        {
            coefficient /= 10;
            scale--;
        }

        return new decimal((int)(uint)coefficient, (int)(uint)(coefficient >> 32), 0, bits[3] < 0, scale);
    }

    private static JsonValue Parse(ReadOnlySpan<byte> text)
    {
        var reader = new Utf8JsonReader(text);
        return JsonValue.Create(JsonElement.ParseValue(ref reader))!;
    }
}
