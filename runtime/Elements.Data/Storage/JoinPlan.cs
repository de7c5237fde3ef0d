using System.Text;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>
/// The LEFT JOINs one statement needs for <c>__</c> relation paths (<c>customer__custName</c>) and for expanding
/// RelateData values. Each distinct path prefix is joined once, as <c>"j1"</c>, <c>"j2"</c>...; table and column
/// names come only from schemas (validated identifiers), so no text of a path reaches the SQL. Many-to-one joins never
/// multiply rows, so counts and paging stay those of the model's own rows. When the plan is <see cref="Qualified"/>,
/// every column is written <c>"table"."column"</c> (a joined model may have columns of the same names).
/// </summary>
internal sealed class JoinPlan
{
    /// <summary>The most relations one path may cross (JitAi's deepest <c>level</c>).</summary>
    public const int MaxDepth = RelationDefinition.MaxLevel;

    private readonly ModelSchema _root;
    private readonly SqlDialect _d;
    private readonly Func<string, ModelSchema>? _related;
    private readonly Dictionary<string, (string Alias, ModelSchema Schema, FieldDefinition Key)> _byPath = new(StringComparer.Ordinal);
    private readonly StringBuilder _joins = new();

    public JoinPlan(ModelSchema root, SqlDialect dialect, Func<string, ModelSchema>? related, bool qualified)
    {
        _root = root;
        _d = dialect;
        _related = related;
        Qualified = qualified;
        RootTable = dialect.Quote(root.Table);
    }

    public bool Qualified { get; }

    public string RootTable { get; }

    public bool HasJoins => _joins.Length > 0;

    /// <summary>The JOIN clauses added so far (prefix with the FROM table).</summary>
    public string Joins => _joins.ToString();

    /// <summary>
    /// A plan for a statement over these names (filter fields, field list, order list): qualified when one of them is
    /// a relation path or when <paramref name="level"/> expands RelateData fields.
    /// </summary>
    public static JoinPlan For(ModelSchema schema, SqlDialect dialect, Func<string, ModelSchema>? related, Q? filter,
        IEnumerable<string>? names, int level = 0)
    {
        var qualified = (level > 0 && schema.HasRelations)
            || (names is not null && names.Any(n => IsPath(schema, n)))
            || (filter is not null && HasPath(schema, filter));
        return new JoinPlan(schema, dialect, related, qualified);
    }

    public static bool IsPath(ModelSchema schema, string name) => schema.FindField(name) is null && name.Contains("__", StringComparison.Ordinal);

    /// <summary>True when a condition of <paramref name="q"/> names a relation path.</summary>
    public static bool HasPath(ModelSchema schema, Q q) => q switch
    {
        QCondition c => IsPath(schema, c.FieldName),
        QGroup g => g.Children.Any(child => HasPath(schema, child)),
        QNot n => HasPath(schema, n.Inner),
        _ => false,
    };

    /// <summary>A column of the model itself.</summary>
    public string Root(FieldDefinition field) => Qualified ? $"{RootTable}.{_d.Quote(field.Name)}" : _d.Quote(field.Name);

    /// <summary>The column of a field name or relation path, joining what the path crosses.</summary>
    public (string Column, FieldDefinition Field) Resolve(string path, bool forFilter)
    {
        if (_root.FindField(path) is { } own)
        {
            return (Root(own), own);
        }

        if (!Qualified || !path.Contains("__", StringComparison.Ordinal))
        {
            throw forFilter && path.Contains("__", StringComparison.Ordinal)
                ? new FilterException($"'{Shorten(path)}' is a relation path; this statement cannot join related models")
                : new UnknownFieldException(_root.Table, path);
        }

        var parts = path.Split("__");
        if (parts.Length - 1 > MaxDepth)
        {
            throw Bad(path, $"it crosses {parts.Length - 1} relations, at most {MaxDepth} are allowed", forFilter);
        }

        var schema = _root;
        var alias = RootTable;
        var prefix = "";
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var segment = schema.FindField(parts[i]);
            if (segment is null || segment.DataType != DataType.RelateData)
            {
                throw Bad(path, segment is null
                    ? $"'{Shorten(parts[i])}' is not a field of '{schema.Table}'"
                    : $"'{segment.Name}' of '{schema.Table}' is {segment.DataType}, not RelateData", forFilter);
            }

            prefix = prefix.Length == 0 ? segment.Name : prefix + "__" + segment.Name;
            (alias, schema, _) = Join(prefix, alias, schema, segment);
        }

        var leaf = schema.FindField(parts[^1])
            ?? throw Bad(path, $"'{Shorten(parts[^1])}' is not a field of '{schema.Table}'", forFilter);
        return ($"{alias}.{_d.Quote(leaf.Name)}", leaf);
    }

    /// <summary>LEFT JOINs the model <paramref name="field"/> (of the table known as <paramref name="fromAlias"/>)
    /// points to, once per <paramref name="path"/>; returns the alias, the related schema and its key field.</summary>
    public (string Alias, ModelSchema Schema, FieldDefinition Key) Join(string path, string fromAlias, ModelSchema from, FieldDefinition field)
    {
        if (_byPath.TryGetValue(path, out var known))
        {
            return known;
        }

        var (target, key) = RelatedModels.Target(from, field, _related);
        var alias = _d.Quote("j" + (_byPath.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _joins.Append(" LEFT JOIN ").Append(_d.Quote(target.Table)).Append(" AS ").Append(alias)
            .Append(" ON ").Append(alias).Append('.').Append(_d.Quote(key.Name))
            .Append(" = ").Append(fromAlias).Append('.').Append(_d.Quote(field.Name));
        var entry = (alias, target, key);
        _byPath[path] = entry;
        return entry;
    }

    private DataException Bad(string path, string reason, bool forFilter) => forFilter
        ? new FilterException($"'{Shorten(path)}' is not a relation path of '{_root.Table}': {reason}")
        : new UnknownFieldException(_root.Table, path, reason);

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
