using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Storage;

namespace Elements.Data.Filters;

/// <summary>
/// A filter expression in JitAi's Q style. Build with <see cref="Field"/>, <see cref="And"/>, <see cref="Or"/>,
/// <see cref="Not"/> (or <c>&amp;</c>, <c>|</c>, <c>~</c>); parse either string form with <see cref="Parse"/> — positional
/// <c>Q(Q('age', '>=', 18), Q.AND, Q('status', 'in', ['a', 'b']))</c> or keyword <c>Q(age__gte=18) &amp; ~Q(status='x')</c>;
/// or accept any API input with <see cref="From(JsonNode?)"/>. Field names are checked when the filter is compiled
/// against a model; values always become SQL parameters.
/// </summary>
public abstract class Q
{
    /// <summary>Maximum nesting of groups and lists (bounds recursion for hostile input).</summary>
    public const int MaxDepth = 32;

    /// <summary>Maximum length of a filter string.</summary>
    public const int MaxLength = 65536;

    private protected Q()
    {
    }

    public static QCondition Field(string field, string op, object? value) => new(field, op, ToNode(value));

    public static QCondition Eq(string field, object? value) => Field(field, "=", value);

    public static QGroup And(params Q[] children) => new(QConnector.And, children);

    public static QGroup Or(params Q[] children) => new(QConnector.Or, children);

    public static Q operator &(Q left, Q right) => And(left, right);

    public static Q operator |(Q left, Q right) => Or(left, right);

    public static QNot Not(Q inner) => new(inner);

    public static Q operator ~(Q inner) => Not(inner);

    /// <summary>Parses JitAi's string form. Errors are <see cref="FilterException"/> with a 0-based position.</summary>
    public static Q Parse(string text) => QParser.Parse(text);

    /// <summary>
    /// Accepts a filter as it arrives over JSON: null (no filter), a string (the Q string form), or an object
    /// <c>{"age": 18, "status": "a"}</c> meaning equality on every key (null means "is null").
    /// </summary>
    public static Q? From(JsonNode? filter)
    {
        switch (filter)
        {
            case null:
                return null;
            case JsonObject o:
                var parts = o.Select(p => (Q)new QCondition(p.Key, p.Value is null ? "isnull" : "=", p.Value is null ? JsonValue.Create(true) : p.Value.DeepClone())).ToArray();
                return parts.Length == 0 ? null : parts.Length == 1 ? parts[0] : new QGroup(QConnector.And, parts);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                return string.IsNullOrWhiteSpace(text) ? null : Parse(text);
            default:
                throw new FilterException("a filter must be a Q string or a JSON object of field/value pairs");
        }
    }

    internal abstract int Depth { get; }

    /// <summary>Writes the string form; <c>Q.Parse(q.ToString())</c> yields an equivalent filter.</summary>
    public abstract override string ToString();

    internal static JsonNode? ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonNode n:
                return n.DeepClone();
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case int or long or short or byte or sbyte or uint or ushort:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong or decimal:
                return JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
            case double or float:
                return JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTime dt:
                return JsonValue.Create(IsoInstant.Format(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()));
            case DateTimeOffset dto:
                return JsonValue.Create(IsoInstant.Format(dto.UtcDateTime));
            case DateOnly d:
                return JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case IEnumerable e:
                var array = new JsonArray();
                foreach (var item in e)
                {
                    array.Add(ToNode(item));
                }

                return array;
            default:
                return JsonSerializer.SerializeToNode(value, value.GetType());
        }
    }
}
