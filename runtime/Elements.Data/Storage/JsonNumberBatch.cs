using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Elements.Data.Storage;

/// <summary>
/// The numbers of a set of rows, parsed as one JSON document. Row numbers must be backed by a <see cref="JsonElement"/>
/// so every numeric cast works (see <see cref="JsonNumber"/>), and parsing each value on its own allocated a document
/// per number, most of what a row read as JSON cost. Add the numbers in the order they will be taken back.
/// </summary>
internal sealed class JsonNumberBatch
{
    private readonly ArrayBufferWriter<byte> _text = new();
    private int _count;

    public void Add(long value)
    {
        Separate();
        Utf8Formatter.TryFormat(value, _text.GetSpan(24), out var written);
        _text.Advance(written);
    }

    public void Add(decimal value)
    {
        Separate();
        // Without trailing zeros, so a value prints alike whether PostgreSQL's numeric(18,2) gave 12.50 or SQLite 12.5.
        Utf8Formatter.TryFormat(value / 1.000000000000000000000000000000000m, _text.GetSpan(48), out var written);
        _text.Advance(written);
    }

    /// <summary>The numbers added, in order.</summary>
    public JsonElement[] Parse()
    {
        if (_count == 0)
        {
            return [];
        }

        _text.GetSpan(1)[0] = (byte)']';
        _text.Advance(1);
        var reader = new Utf8JsonReader(_text.WrittenSpan);
        var array = JsonElement.ParseValue(ref reader);
        var numbers = new JsonElement[_count];
        var i = 0;
        foreach (var number in array.EnumerateArray())
        {
            numbers[i++] = number;
        }

        return numbers;
    }

    private void Separate()
    {
        _text.GetSpan(1)[0] = _count++ == 0 ? (byte)'[' : (byte)',';
        _text.Advance(1);
    }
}
