using System.Text;

namespace Elements.Data.Aggregation.Tql;

/// <summary>
/// Reads TQL's call syntax into <see cref="TqlNode"/>s. It only structures the text (calls, lists, strings); what the
/// calls mean is <see cref="TqlAggregate"/>'s business. An argument that is not one call, list or string (such as
/// <c>Q(a) &amp; Q(b)</c>) is kept as raw text up to the next top-level comma.
/// </summary>
internal sealed class TqlReader
{
    private const int MaxDepth = 32;

    private readonly string _s;
    private int _pos;
    private int _depth;

    private TqlReader(string s) => _s = s;

    public static TqlNode Read(string text)
    {
        var reader = new TqlReader(text);
        var node = reader.ReadArgument(endChars: "");
        reader.SkipWs();
        return reader._pos < text.Length ? throw reader.Error("unexpected text after the expression") : node;
    }

    private TqlNode ReadArgument(string endChars)
    {
        SkipWs();
        var start = _pos;
        var node = ReadPrimary();
        SkipWs();
        if (node is not null && (_pos >= _s.Length || _s[_pos] == ',' || endChars.Contains(_s[_pos], StringComparison.Ordinal)))
        {
            return node;
        }

        // An expression such as Q(...) & Q(...): keep its text, skipping balanced brackets and strings.
        _pos = start;
        var depth = 0;
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (depth == 0 && (c == ',' || endChars.Contains(c, StringComparison.Ordinal)))
            {
                break;
            }

            if (c is '\'' or '"')
            {
                ReadString();
                continue;
            }

            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            if (depth < 0)
            {
                throw Error("unbalanced brackets");
            }

            _pos++;
        }

        var text = _s[start.._pos].Trim();
        return text.Length == 0 ? throw Error("expected a value") : new TqlRaw(text, start, _pos);
    }

    private TqlNode? ReadPrimary()
    {
        var start = _pos;
        if (_pos >= _s.Length)
        {
            throw Error("unexpected end of the expression");
        }

        var c = _s[_pos];
        if (c is '\'' or '"')
        {
            return new TqlString(ReadString(), start, _pos);
        }

        if (c is '[' or '(')
        {
            _pos++;
            return new TqlList(ReadItems(c == '[' ? ']' : ')'), start, _pos);
        }

        if (!char.IsAsciiLetter(c) && c != '_')
        {
            return null;
        }

        while (_pos < _s.Length && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] is '_' or '.'))
        {
            _pos++;
        }

        var name = _s[start.._pos];
        SkipWs();
        if (_pos >= _s.Length || _s[_pos] != '(')
        {
            return new TqlRaw(name, start, _pos);
        }

        _pos++;
        return new TqlCall(name, ReadItems(')'), start, _pos);
    }

    private List<TqlNode> ReadItems(char close)
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"nested deeper than {MaxDepth}");
        }

        var items = new List<TqlNode>();
        SkipWs();
        while (_pos < _s.Length && _s[_pos] != close)
        {
            items.Add(ReadArgument(close.ToString()));
            SkipWs();
            if (_pos < _s.Length && _s[_pos] == ',')
            {
                _pos++;
                SkipWs();
            }
            else if (_pos < _s.Length && _s[_pos] != close)
            {
                throw Error($"expected ',' or '{close}'");
            }
        }

        if (_pos >= _s.Length)
        {
            throw Error($"missing '{close}'");
        }

        _pos++;
        _depth--;
        return items;
    }

    private string ReadString()
    {
        var quote = _s[_pos++];
        var sb = new StringBuilder();
        while (_pos < _s.Length && _s[_pos] != quote)
        {
            if (_s[_pos] == '\\' && _pos + 1 < _s.Length)
            {
                _pos++;
            }

            sb.Append(_s[_pos++]);
        }

        if (_pos >= _s.Length)
        {
            throw Error("unterminated string");
        }

        _pos++;
        return sb.ToString();
    }

    // Whitespace and Python comments (JitAi's dbTable examples annotate their TQL with # ...).
    private void SkipWs()
    {
        while (_pos < _s.Length && (char.IsWhiteSpace(_s[_pos]) || _s[_pos] == '#'))
        {
            if (_s[_pos] == '#')
            {
                while (_pos < _s.Length && _s[_pos] != '\n')
                {
                    _pos++;
                }

                continue;
            }

            _pos++;
        }
    }

    private TqlSyntaxException Error(string message) => new($"{message} at position {_pos}");
}
