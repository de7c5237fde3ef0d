namespace Elements.Diagnostics;

/// <summary>
/// Turns byte offsets in UTF-8 JSON into 1-based line and column numbers, the one place that counts them (for the
/// parser's errors, invalid text, and every indexed value of <see cref="JsonPositions"/>). Columns count characters,
/// not bytes, so a Chinese title before the spot does not skew the column. Offsets asked in file order cost one pass
/// in all; asking for an earlier offset starts over.
/// </summary>
internal ref struct JsonPositionTracker(ReadOnlySpan<byte> json)
{
    private readonly ReadOnlySpan<byte> _json = json;
    private int _scanned;
    private int _line = 1;
    private int _chars;

    /// <summary>Line and column of the byte at <paramref name="offset"/> (clamped to the end of the text).</summary>
    public (int Line, int Column) At(long offset)
    {
        if (offset < _scanned)
        {
            (_scanned, _line, _chars) = (0, 1, 0);
        }

        for (; _scanned < offset && _scanned < _json.Length; _scanned++)
        {
            if (_json[_scanned] == (byte)'\n')
            {
                _line++;
                _chars = 0;
            }
            else if ((_json[_scanned] & 0xC0) != 0x80)
            {
                // UTF-8 continuation bytes belong to the character before them.
                _chars++;
            }
        }

        return (_line, _chars + 1);
    }

    /// <summary>The byte offset of <paramref name="bytePositionInLine"/> on the 0-based <paramref name="line"/> (as a
    /// <see cref="System.Text.Json.JsonException"/> states it), clamped to the text.</summary>
    public readonly int OffsetOf(int line, int bytePositionInLine)
    {
        var start = 0;
        for (var i = 0; i < _json.Length && line > 0; i++)
        {
            if (_json[i] == (byte)'\n')
            {
                line--;
                start = i + 1;
            }
        }

        return Math.Min(_json.Length, start + bytePositionInLine);
    }
}
