using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Filters;

/// <summary>
/// Turns a <see cref="Q"/> into a WHERE fragment. Column names come only from the schema (validated identifiers),
/// operators from a closed set, and every value becomes a parameter — so the SQL's shape depends only on the
/// filter's structure, never on its values.
/// Null semantics: <c>!=</c>, <c>nin</c> and <c>~</c> also match rows where the field is null (null is "not equal").
/// </summary>
internal static class FilterCompiler
{
    public static string Compile(Q filter, ModelSchema schema, SqlDialect dialect, SqlParameters parameters)
        => Compile(filter, schema, dialect, parameters, null);

    /// <summary>With a <paramref name="joins"/> plan, <c>__</c> relation paths compile to the plan's joined columns.</summary>
    public static string Compile(Q filter, ModelSchema schema, SqlDialect dialect, SqlParameters parameters, JoinPlan? joins)
    {
        var sb = SqlText.Rent();
        Append(sb, filter, schema, dialect, parameters, joins);
        return SqlText.Return(sb);
    }

    private static void Append(StringBuilder sb, Q q, ModelSchema schema, SqlDialect d, SqlParameters ps, JoinPlan? joins)
    {
        if (q is QGroup g)
        {
            if (g.Children.Count == 0)
            {
                sb.Append("1=1");
                return;
            }
            sb.Append('(');
            for (var i = 0; i < g.Children.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(g.Connector == QConnector.And ? " AND " : " OR ");
                }

                Append(sb, g.Children[i], schema, d, ps, joins);
            }
            sb.Append(')');
            return;
        }
        if (q is QNot n)
        {
            // COALESCE: where the inner test is unknown (null compared), the row does not match it, so NOT selects it.
            sb.Append("NOT COALESCE((");
            Append(sb, n.Inner, schema, d, ps, joins);
            sb.Append("), FALSE)");
            return;
        }
        var c = (QCondition)q;
        FieldDefinition field;
        string col;
        if (joins is not null)
        {
            (col, field) = joins.Resolve(c.FieldName, forFilter: true);
            if (QOperators.AddressOperators.Contains(c.Operator) && field.DataType != DataType.Address)
            {
                throw new FilterException($"operator '{c.Operator}' requires an Address field; '{c.FieldName}' is {field.DataType}");
            }
        }
        else
        {
            field = ResolveField(c, schema);
            col = d.Quote(field.Name);
        }

        if (field.DataType == DataType.Address)
        {
            AddressFilter.Append(sb, c, field, col, d, ps);
            return;
        }

        AddressFilter.CheckOperator(c, field);

        switch (c.Operator)
        {
            case "=" when c.Value is null:
                sb.Append(col).Append(" IS NULL");
                break;
            case "!=" when c.Value is null:
                sb.Append(col).Append(" IS NOT NULL");
                break;
            case "=":
                sb.Append(col).Append(" = ").Append(ps.Add(Operand(field, c.Value), field));
                break;
            case "!=":
                sb.Append('(').Append(col).Append(" <> ").Append(ps.Add(Operand(field, c.Value), field)).Append(" OR ").Append(col).Append(" IS NULL)");
                break;
            case ">" or ">=" or "<" or "<=":
                sb.Append(col).Append(' ').Append(c.Operator).Append(' ').Append(ps.Add(Operand(field, c.Value), field));
                break;
            case "in":
            case "nin":
                AppendIn(sb, col, field, (JsonArray)c.Value!, c.Operator == "nin", ps);
                break;
            case "like" or "nlike" or "startswith" or "endswith":
                var raw = c.Value!.GetValue<string>();
                if (ValueCodec.CheckText(raw) is { } problem)
                {
                    throw new InvalidValueException(field.Name, problem);
                }

                var text = EscapeLike(c.Operator is "like" or "nlike" ? ContainsText(raw) : raw);
                var pattern = c.Operator switch
                {
                    "startswith" => text + "%",
                    "endswith" => "%" + text,
                    _ => "%" + text + "%",
                };
                sb.Append(d.Like(col, ps.Add(pattern), c.Operator == "nlike", field));
                break;
            case "likeany" or "nlikeany":
                AppendLikeAny(sb, col, field, (JsonArray)c.Value!, c.Operator == "nlikeany", d, ps);
                break;
            case "year" or "month" or "week" or "day":
                if (field.DataType is not (DataType.Datetime or DataType.Date))
                {
                    throw new FilterException($"operator '{c.Operator}' requires a Datetime or Date field; '{field.Name}' is {field.DataType}");
                }

                sb.Append(d.DatePart(col, c.Operator, field)).Append(" = ").Append(ps.Add(c.Value!.GetValue<long>()));
                break;
            case "isnull":
                sb.Append(col).Append(c.Value!.GetValueKind() == JsonValueKind.True ? " IS NULL" : " IS NOT NULL");
                break;
            case "range":
                var pair = (JsonArray)c.Value!;
                if (pair[0] is null && pair[1] is null)
                {
                    sb.Append("1=1");
                    break;
                }
                sb.Append('(');
                if (pair[0] is not null)
                {
                    sb.Append(col).Append(" >= ").Append(ps.Add(Operand(field, pair[0]), field));
                }

                if (pair[0] is not null && pair[1] is not null)
                {
                    sb.Append(" AND ");
                }

                if (pair[1] is not null)
                {
                    sb.Append(col).Append(" <= ").Append(ps.Add(Operand(field, pair[1]), field));
                }

                sb.Append(')');
                break;
            default:
                throw new FilterException($"unknown operator '{c.Operator}'");
        }
    }

    /// <summary>The field a condition tests, or the error that it names none this filter can test.</summary>
    internal static FieldDefinition ResolveField(QCondition c, ModelSchema schema)
    {
        if (schema.FindField(c.FieldName) is null && c.FieldName.Contains("__", StringComparison.Ordinal))
        {
            throw new FilterException($"'{Shorten(c.FieldName)}' is a relation path; this statement cannot join related models");
        }

        var field = schema.GetField(c.FieldName);
        if (QOperators.AddressOperators.Contains(c.Operator) && field.DataType != DataType.Address)
        {
            throw new FilterException($"operator '{c.Operator}' requires an Address field; '{field.Name}' is {field.DataType}");
        }

        return field;
    }

    // Any/none of several "contains" patterns; like 'nlike', 'nlikeany' does not select null rows.
    private static void AppendLikeAny(StringBuilder sb, string col, FieldDefinition field, JsonArray patterns, bool negate, SqlDialect d, SqlParameters ps)
    {
        if (patterns.Count == 0)
        {
            sb.Append(negate ? "1=1" : "1=0");
            return;
        }

        sb.Append('(');
        for (var i = 0; i < patterns.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(negate ? " AND " : " OR ");
            }

            var raw = patterns[i]!.GetValue<string>();
            if (ValueCodec.CheckText(raw) is { } problem)
            {
                throw new InvalidValueException(field.Name, problem);
            }

            sb.Append(d.Like(col, ps.Add("%" + EscapeLike(ContainsText(raw)) + "%"), negate, field));
        }
        sb.Append(')');
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static void AppendIn(StringBuilder sb, string col, FieldDefinition field, JsonArray list, bool negate, SqlParameters ps)
    {
        var hasNull = list.Any(v => v is null);
        var values = list.Where(v => v is not null).ToList();
        if (values.Count == 0)
        {
            // Empty list: 'in' matches nothing, 'nin' everything; a null member matches null rows.
            sb.Append(hasNull ? (negate ? $"{col} IS NOT NULL" : $"{col} IS NULL") : negate ? "1=1" : "1=0");
            return;
        }
        sb.Append('(').Append(col).Append(negate ? " NOT IN (" : " IN (");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(ps.Add(Operand(field, values[i]), field));
        }
        sb.Append(')');
        if (negate)
        {
            sb.Append(hasNull ? $" AND {col} IS NOT NULL" : $" OR {col} IS NULL");
        }
        else if (hasNull)
        {
            sb.Append($" OR {col} IS NULL");
        }

        sb.Append(')');
    }

    // Filters may compare with strings longer than maxLen (they simply match nothing) and numbers with more digits
    // than a column stores; only writes enforce those limits.
    internal static object? Operand(FieldDefinition field, JsonNode? node)
        => ValueCodec.FromJson(field.DataType == DataType.Stext ? field with { MaxLen = int.MaxValue } : field, node, forStorage: false);

    /// <summary>
    /// The text a "contains" operator looks for. JitAi's keyword revision writes <c>name__like='%John%'</c>, the positional
    /// one <c>Q('name', 'like', 'John')</c>, both meaning "contains John": leading and trailing <c>%</c> add nothing to a
    /// contains test and are dropped; any other <c>%</c> or <c>_</c> is matched literally.
    /// </summary>
    internal static string ContainsText(string raw) => raw.Trim('%');

    private static string EscapeLike(string s)
        => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
