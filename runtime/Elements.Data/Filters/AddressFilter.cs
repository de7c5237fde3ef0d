using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Filters;

/// <summary>
/// Filters on the JSON-stored JitAi types. Address fields take <c>isnull</c>, <c>=</c>/<c>!=</c> null and the address
/// operators: <c>province</c>/<c>city</c>/<c>district</c> compare one part for equality; <c>belong</c> matches when
/// every non-empty part of the given object equals the row's (a string is the province); <c>nbelong</c> is its
/// negation and, like <c>!=</c>, also selects rows whose address is null or lacks the part. The list types
/// (MultiRadio, MultiDropdown, File, Image) take only the null tests. <see cref="Append"/> writes the SQL,
/// <see cref="Matches"/> decides the same in memory (getCompareResult).
/// </summary>
internal static class AddressFilter
{
    private static readonly string[] Parts = ["province", "city", "district"];

    /// <summary>Refuses operators a field's type cannot answer meaningfully (not the address operators: see <see cref="Append"/>).</summary>
    public static void CheckOperator(QCondition c, FieldDefinition field)
    {
        if (DataTypeTraits.IsJsonList(field.DataType) && !IsNullTest(c))
        {
            throw new FilterException($"operator '{c.Operator}' is not supported on {field.DataType} field '{field.Name}'; use isnull (or = / != null)");
        }
    }

    public static void Append(StringBuilder sb, QCondition c, FieldDefinition field, string col, SqlDialect d, SqlParameters ps)
    {
        switch (c.Operator)
        {
            case "isnull":
                sb.Append(col).Append(c.Value!.GetValueKind() == JsonValueKind.True ? " IS NULL" : " IS NOT NULL");
                return;
            case "=" when c.Value is null:
                sb.Append(col).Append(" IS NULL");
                return;
            case "!=" when c.Value is null:
                sb.Append(col).Append(" IS NOT NULL");
                return;
            case "province" or "city" or "district":
                sb.Append(d.JsonPart(col, c.Operator)).Append(" = ").Append(ps.Add(Text(field, c.Value!.GetValue<string>())));
                return;
            case "belong":
                AppendBelong(sb, field, col, c.Value!, d, ps);
                return;
            case "nbelong":
                sb.Append("NOT COALESCE((");
                AppendBelong(sb, field, col, c.Value!, d, ps);
                sb.Append("), FALSE)");
                return;
            default:
                throw new FilterException($"operator '{c.Operator}' is not supported on Address field '{field.Name}'; use province, city, district, belong, nbelong or isnull");
        }
    }

    private static void AppendBelong(StringBuilder sb, FieldDefinition field, string col, JsonNode value, SqlDialect d, SqlParameters ps)
    {
        var parts = Wanted(value);
        if (parts.Count == 0)
        {
            sb.Append(col).Append(" IS NOT NULL");
            return;
        }

        sb.Append('(');
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" AND ");
            }

            sb.Append(d.JsonPart(col, parts[i].Part)).Append(" = ").Append(ps.Add(Text(field, parts[i].Text)));
        }

        sb.Append(')');
    }

    /// <summary>
    /// The same decision in memory (getCompareResult), for Address and list fields: <paramref name="stored"/> is the
    /// row's JSON value (or its JSON text).
    /// </summary>
    public static bool Matches(QCondition c, FieldDefinition field, JsonNode? stored)
    {
        CheckOperator(c, field);
        var value = stored?.GetValueKind() == JsonValueKind.String ? Parse(field, stored.GetValue<string>()) : stored;
        switch (c.Operator)
        {
            case "isnull":
                return c.Value!.GetValueKind() == JsonValueKind.True ? value is null : value is not null;
            case "=" when c.Value is null:
                return value is null;
            case "!=" when c.Value is null:
                return value is not null;
            case "province" or "city" or "district":
                return Part(value, c.Operator) == Text(field, c.Value!.GetValue<string>());
            case "belong":
                return Belongs(field, value, c.Value!);
            case "nbelong":
                return !Belongs(field, value, c.Value!);
            default:
                throw new FilterException($"operator '{c.Operator}' is not supported on Address field '{field.Name}'; use province, city, district, belong, nbelong or isnull");
        }
    }

    private static bool Belongs(FieldDefinition field, JsonNode? value, JsonNode wanted)
    {
        var parts = Wanted(wanted);
        return value is not null && parts.All(p => Part(value, p.Part) == Text(field, p.Text));
    }

    private static string? Part(JsonNode? address, string part)
        => address is JsonObject o && o[part] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static JsonNode? Parse(FieldDefinition field, string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            throw new InvalidValueException(field.Name, $"expected JSON ({field.DataType}), got text that is not JSON");
        }
    }

    /// <summary>The non-empty parts a belong value asks for, in province-city-district order; a string is the province.</summary>
    private static List<(string Part, string Text)> Wanted(JsonNode value)
    {
        var wanted = new List<(string Part, string Text)>();
        if (value.GetValueKind() == JsonValueKind.String)
        {
            wanted.Add(("province", value.GetValue<string>()));
        }
        else
        {
            foreach (var (key, node) in value.AsObject())
            {
                if (!Parts.Contains(key, StringComparer.Ordinal))
                {
                    throw new FilterException($"'{(key.Length <= 40 ? key : key[..40] + "…")}' is not an address part for belong; parts: {string.Join(", ", Parts)}");
                }

                if (node is not null && node.GetValueKind() != JsonValueKind.String)
                {
                    throw new FilterException($"address part '{key}' must be a string or null");
                }

                wanted.Add((key, node?.GetValue<string>() ?? ""));
            }
        }

        // Empty parts are "any": belong with nothing to compare matches every row that has an address.
        return [.. wanted.Where(w => w.Text.Length > 0).OrderBy(w => Array.IndexOf(Parts, w.Part))];
    }

    private static bool IsNullTest(QCondition c) => c.Operator == "isnull" || (c.Operator is "=" or "!=" && c.Value is null);

    private static string Text(FieldDefinition field, string s)
        => ValueCodec.CheckText(s) is { } problem ? throw new InvalidValueException(field.Name, problem) : s;
}
