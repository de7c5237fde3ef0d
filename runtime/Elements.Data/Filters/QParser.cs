using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;

namespace Elements.Data.Filters;

/// <summary>
/// Recursive-descent parser for both of JitAi's Q string forms, which yield the same tree. Grammar (whitespace allowed
/// between tokens):
/// <code>
/// filter  := or EOF
/// or      := and ('|' and)*
/// and     := unary ('&amp;' unary)*
/// unary   := '~' unary | primary
/// primary := '(' or ')' | 'Q' '(' (leaf | kwargs | group) ')'
/// leaf    := string ',' value            -- equality
///          | string ',' string ',' value  -- field, operator (or alias such as 'gte'), value
/// kwargs  := kwarg (',' kwarg)* [',']     -- Django style, ANDed: name='x', age__gte=18
/// kwarg   := ident ['__' lookup] '=' value -- lookup: an operator word (gte, in, year, ...); none means '='
/// group   := or ((',' connector)? ',' or)* [','] ; connector := Q.AND | Q.OR | 'Q.and' | "Q.or" (any case; AND binds
///            tighter; omitted = AND)
/// value   := string | number | true | false | null | True | False | None | '[' values ']' | '(' values ')'
///          | '{' string ':' value (',' string ':' value)* '}'
/// </code>
/// In a kwarg, <c>a__b</c> whose last part is not an operator word stays one field name (a relation path, which the
/// compiler refuses until relations exist). Positions in errors are 0-based character offsets. Recursion is bounded
/// by <see cref="Q.MaxDepth"/>.
/// </summary>
internal sealed class QParser
{
    private readonly string _s;
    private int _pos;
    private int _depth;

    private QParser(string s) => _s = s;

    public static Q Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Q.MaxLength)
        {
            throw new FilterException($"filter is {text.Length} characters long; at most {Q.MaxLength} are allowed", Q.MaxLength);
        }

        var parser = new QParser(text);
        parser.SkipWs();
        if (parser.AtEnd)
        {
            throw new FilterException("filter is empty", 0);
        }

        var q = parser.ParseOr();
        parser.SkipWs();
        if (!parser.AtEnd)
        {
            throw parser.Error($"unexpected {parser.Describe()} after the end of the filter");
        }

        return q;
    }

    private bool AtEnd => _pos >= _s.Length;

    private char Peek() => _pos < _s.Length ? _s[_pos] : '\0';

    private Q ParseOr()
    {
        var start = _pos;
        var items = new List<Q> { ParseAnd() };
        while (true)
        {
            SkipWs();
            if (Peek() != '|')
            {
                break;
            }

            _pos++;
            items.Add(ParseAnd());
        }
        return items.Count == 1 ? items[0] : MakeGroup(QConnector.Or, items, start);
    }

    private Q ParseAnd()
    {
        var start = _pos;
        var items = new List<Q> { ParseUnary() };
        while (true)
        {
            SkipWs();
            if (Peek() != '&')
            {
                break;
            }

            _pos++;
            items.Add(ParseUnary());
        }
        return items.Count == 1 ? items[0] : MakeGroup(QConnector.And, items, start);
    }

    private Q ParseUnary()
    {
        SkipWs();
        if (Peek() != '~')
        {
            return ParsePrimary();
        }

        var start = _pos;
        Enter(start);
        _pos++;
        var inner = ParseUnary();
        Leave();
        try
        {
            return new QNot(inner);
        }
        catch (FilterException ex) when (ex.Position is null)
        {
            throw new FilterException($"filter is nested deeper than {Q.MaxDepth} levels", start);
        }
    }

    private Q ParsePrimary()
    {
        SkipWs();
        var start = _pos;
        if (Peek() == '(')
        {
            Enter(start);
            _pos++;
            var inner = ParseOr();
            Expect(')');
            Leave();
            return inner;
        }
        if (Peek() != 'Q' || IsIdentChar(CharAt(_pos + 1)))
        {
            throw Error($"expected 'Q(' but found {Describe()}");
        }

        _pos++;
        SkipWs();
        if (Peek() != '(')
        {
            throw Error($"expected '(' after Q but found {Describe()}");
        }

        Enter(start);
        _pos++;
        SkipWs();
        if (Peek() == ')')
        {
            throw Error("empty Q() is not a filter");
        }

        var result = Peek() is '\'' or '"' ? ParseLeaf() : LooksLikeKeyword() ? ParseKeywords(start) : ParseGroup(start);
        Leave();
        return result;
    }

    private QCondition ParseLeaf()
    {
        var fieldPos = _pos;
        var field = ReadString();
        if (field.Length == 0)
        {
            throw new FilterException("field name is empty", fieldPos);
        }

        Expect(',');
        SkipWs();
        var secondPos = _pos;
        var second = ParseValue();
        SkipWs();
        string op;
        JsonNode? value;
        int valuePos;
        if (Peek() == ')')
        {
            op = "=";
            value = second;
            valuePos = secondPos;
        }
        else
        {
            Expect(',');
            if (second is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String)
            {
                throw new FilterException("operator must be a quoted string such as '>='", secondPos);
            }

            var spelled = sv.GetValue<string>();
            op = QOperators.Canonical(spelled)
                ?? throw new FilterException($"unknown operator '{Shorten(spelled)}' (known: {QOperators.Known})", secondPos);

            SkipWs();
            valuePos = _pos;
            value = ParseValue();
            SkipWs();
            if (Peek() == ',') { _pos++; SkipWs(); }
        }
        if (QOperators.CheckValue(op, value) is { } problem)
        {
            throw new FilterException(problem, valuePos);
        }

        Expect(')');
        return new QCondition(field, op, value);
    }

    // ident '=' (but not '=='): the Django-style keyword form.
    private bool LooksLikeKeyword()
    {
        if (!IsIdentStart(Peek()))
        {
            return false;
        }

        var p = _pos;
        while (IsIdentChar(CharAt(p)))
        {
            p++;
        }

        while (char.IsWhiteSpace(CharAt(p)))
        {
            p++;
        }

        return CharAt(p) == '=' && CharAt(p + 1) != '=';
    }

    private Q ParseKeywords(int start)
    {
        var items = new List<Q>();
        while (true)
        {
            SkipWs();
            items.Add(ParseKeyword());
            SkipWs();
            if (Peek() != ',')
            {
                break;
            }

            _pos++;
            SkipWs();
            if (Peek() == ')')
            {
                break;
            }

            if (!LooksLikeKeyword())
            {
                throw Error($"expected another name=value but found {Describe()}");
            }
        }
        Expect(')');
        return items.Count == 1 ? items[0] : MakeGroup(QConnector.And, items, start);
    }

    private QCondition ParseKeyword()
    {
        var namePos = _pos;
        var word = ReadWordAt(_pos);
        _pos += word.Length;
        var field = word;
        var op = "=";
        var split = word.LastIndexOf("__", StringComparison.Ordinal);
        if (split >= 0 && QOperators.IsLookup(word[(split + 2)..]))
        {
            field = word[..split];
            op = QOperators.Canonical(word[(split + 2)..])!;
        }

        if (field.Trim('_').Length == 0)
        {
            throw new FilterException($"'{Shorten(word)}' names no field", namePos);
        }

        Expect('=');
        SkipWs();
        var valuePos = _pos;
        var value = ParseValue();
        if (QOperators.CheckValue(op, value) is { } problem)
        {
            throw new FilterException(problem, valuePos);
        }

        return new QCondition(field, op, value);
    }

    private Q ParseGroup(int start)
    {
        var items = new List<Q> { ParseOr() };
        var connectors = new List<QConnector>();
        while (true)
        {
            SkipWs();
            if (Peek() != ',')
            {
                break;
            }

            _pos++;
            SkipWs();
            if (Peek() == ')')
            {
                break;
            }

            var connector = QConnector.And;
            if (LooksLikeConnector())
            {
                connector = ReadConnector();
                Expect(',');
            }
            else if (ReadQuotedConnector() is { } quoted)
            {
                // TQL's spelling: Q(Q1, "Q.or", Q2).
                connector = quoted;
                Expect(',');
            }
            connectors.Add(connector);
            items.Add(ParseOr());
        }
        Expect(')');
        if (items.Count == 1)
        {
            return items[0];
        }

        // AND binds tighter than OR, as in SQL and Python: a, OR, b, AND, c == a OR (b AND c).
        var orParts = new List<Q>();
        var run = new List<Q> { items[0] };
        for (var i = 0; i < connectors.Count; i++)
        {
            if (connectors[i] == QConnector.Or)
            {
                orParts.Add(run.Count == 1 ? run[0] : MakeGroup(QConnector.And, run, start));
                run = [];
            }
            run.Add(items[i + 1]);
        }
        orParts.Add(run.Count == 1 ? run[0] : MakeGroup(QConnector.And, run, start));
        return orParts.Count == 1 ? orParts[0] : MakeGroup(QConnector.Or, orParts, start);
    }

    private static QGroup MakeGroup(QConnector connector, List<Q> items, int position)
    {
        try
        {
            return new QGroup(connector, items);
        }
        catch (FilterException ex) when (ex.Position is null)
        {
            throw new FilterException($"filter is nested deeper than {Q.MaxDepth} levels", position);
        }
    }

    private bool LooksLikeConnector()
    {
        var p = _pos;
        if (CharAt(p) != 'Q')
        {
            return false;
        }

        p++;
        while (char.IsWhiteSpace(CharAt(p)))
        {
            p++;
        }

        return CharAt(p) == '.';
    }

    private QConnector? ReadQuotedConnector()
    {
        if (Peek() is not ('\'' or '"'))
        {
            return null;
        }

        var start = _pos;
        var text = ReadString();
        if (text.Equals("Q.AND", StringComparison.OrdinalIgnoreCase))
        {
            return QConnector.And;
        }

        if (text.Equals("Q.OR", StringComparison.OrdinalIgnoreCase))
        {
            return QConnector.Or;
        }

        _pos = start;
        return null;
    }

    private QConnector ReadConnector()
    {
        var start = _pos;
        _pos++; // 'Q'
        SkipWs();
        _pos++; // '.'
        SkipWs();
        var identStart = _pos;
        while (IsIdentChar(Peek()))
        {
            _pos++;
        }

        var word = _s[identStart.._pos];
        if (word.Equals("AND", StringComparison.OrdinalIgnoreCase))
        {
            return QConnector.And;
        }

        if (word.Equals("OR", StringComparison.OrdinalIgnoreCase))
        {
            return QConnector.Or;
        }

        throw new FilterException($"expected Q.AND or Q.OR but found 'Q.{Shorten(word)}'", start);
    }

    private JsonNode? ParseValue()
    {
        SkipWs();
        var c = Peek();
        switch (c)
        {
            case '\'':
            case '"':
                return JsonValue.Create(ReadString());
            case '[':
                return ParseList(']');
            case '(':
                return ParseList(')');
            case '{':
                return ParseObject();
        }
        if (c is '-' or '+' or '.' || char.IsAsciiDigit(c))
        {
            return ReadNumber();
        }

        if (IsIdentStart(c))
        {
            var start = _pos;
            while (IsIdentChar(Peek()))
            {
                _pos++;
            }

            switch (_s[start.._pos])
            {
                case "true" or "True": return JsonValue.Create(true);
                case "false" or "False": return JsonValue.Create(false);
                case "null" or "None": return null;
            }
            _pos = start;
            throw Error($"expected a value but found '{Shorten(ReadWordAt(start))}' (strings must be quoted)");
        }
        throw Error($"expected a value but found {Describe()}");
    }

    private JsonArray ParseList(char close)
    {
        Enter(_pos);
        _pos++;
        var list = new JsonArray();
        SkipWs();
        while (Peek() != close)
        {
            if (list.Count >= QOperators.MaxListItems)
            {
                throw Error($"a list may hold at most {QOperators.MaxListItems} values");
            }

            list.Add(ParseValue());
            SkipWs();
            if (Peek() == ',')
            {
                _pos++;
                SkipWs();
                continue;
            }
            if (Peek() != close)
            {
                throw Error($"expected ',' or '{close}' in a list but found {Describe()}");
            }
        }
        _pos++;
        Leave();
        return list;
    }

    private JsonObject ParseObject()
    {
        Enter(_pos);
        _pos++;
        var obj = new JsonObject();
        SkipWs();
        while (Peek() != '}')
        {
            if (obj.Count >= QOperators.MaxListItems)
            {
                throw Error($"an object may hold at most {QOperators.MaxListItems} entries");
            }

            var keyPos = _pos;
            var key = ReadString();
            if (obj.ContainsKey(key))
            {
                throw new FilterException($"key '{Shorten(key)}' appears twice", keyPos);
            }

            Expect(':');
            obj[key] = ParseValue();
            SkipWs();
            if (Peek() == ',')
            {
                _pos++;
                SkipWs();
                continue;
            }
            if (Peek() != '}')
            {
                throw Error($"expected ',' or '}}' in an object but found {Describe()}");
            }
        }
        _pos++;
        Leave();
        return obj;
    }

    private JsonValue ReadNumber()
    {
        var start = _pos;
        if (Peek() is '-' or '+')
        {
            _pos++;
        }

        var digits = 0;
        while (char.IsAsciiDigit(Peek())) { _pos++; digits++; }
        var isInteger = true;
        if (Peek() == '.')
        {
            isInteger = false;
            _pos++;
            while (char.IsAsciiDigit(Peek())) { _pos++; digits++; }
        }
        if (digits > 0 && Peek() is 'e' or 'E')
        {
            isInteger = false;
            _pos++;
            if (Peek() is '-' or '+')
            {
                _pos++;
            }

            var expDigits = 0;
            while (char.IsAsciiDigit(Peek())) { _pos++; expDigits++; }
            if (expDigits == 0)
            {
                throw Error("exponent has no digits");
            }
        }
        if (digits == 0) { _pos = start; throw Error("malformed number"); }
        var text = _s[start.._pos];
        if (isInteger && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        _pos = start;
        throw Error($"number '{Shorten(text)}' is out of range");
    }

    private string ReadString()
    {
        var start = _pos;
        var quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            throw Error($"expected a quoted string but found {Describe()}");
        }

        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new FilterException("unterminated string", start);
            }

            var c = _s[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (AtEnd)
            {
                throw new FilterException("unterminated string", start);
            }

            var escPos = _pos - 1;
            var e = _s[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '0': sb.Append('\0'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case '\\' or '\'' or '"': sb.Append(e); break;
                case 'u':
                case 'x':
                    var n = e == 'u' ? 4 : 2;
                    if (_pos + n > _s.Length || !int.TryParse(_s.AsSpan(_pos, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new FilterException($"bad \\{e} escape", escPos);
                    }

                    sb.Append((char)code);
                    _pos += n;
                    break;
                default:
                    // Python keeps unknown escapes verbatim ('\d' is backslash + d).
                    sb.Append('\\').Append(e);
                    break;
            }
        }
    }

    private void Expect(char c)
    {
        SkipWs();
        if (Peek() != c || AtEnd)
        {
            throw Error($"expected '{c}' but found {Describe()}");
        }

        _pos++;
    }

    private void Enter(int position)
    {
        if (++_depth > Q.MaxDepth)
        {
            throw new FilterException($"filter is nested deeper than {Q.MaxDepth} levels", position);
        }
    }

    private void Leave() => _depth--;

    private void SkipWs()
    {
        while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos]))
        {
            _pos++;
        }
    }

    private char CharAt(int i) => i < _s.Length ? _s[i] : '\0';

    private string ReadWordAt(int start)
    {
        var end = start;
        while (end < _s.Length && IsIdentChar(_s[end]))
        {
            end++;
        }

        return _s[start..end];
    }

    private string Describe()
    {
        if (AtEnd)
        {
            return "end of input";
        }

        var c = _s[_pos];
        return char.IsControl(c) || char.IsSurrogate(c) ? $"character U+{(int)c:X4}" : $"'{c}'";
    }

    private FilterException Error(string message) => new(message, _pos);

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>Single-quoted string literal that <see cref="Parse"/> reads back to <paramref name="s"/>.</summary>
    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('\'');
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c))
                    {
                        sb.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
        return sb.Append('\'').ToString();
    }

    internal static string Format(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray a => "[" + string.Join(", ", a.Select(Format)) + "]",
        JsonObject o => "{" + string.Join(", ", o.Select(p => Quote(p.Key) + ": " + Format(p.Value))) + "}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        _ => value.ToJsonString(),
    };
}
