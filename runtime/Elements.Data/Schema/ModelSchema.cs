using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Storage;

namespace Elements.Data.Schema;

/// <summary>
/// A validated model schema. Primary key rule: at most one field may set <c>primaryKey</c>; when none does, an
/// implicit <c>id</c> AutoInt primary key is added first (a declared non-key field named <c>id</c> is then an error).
/// Composite primary keys are not supported (use <c>unionUniqueList</c>).
/// </summary>
public sealed class ModelSchema
{
    private readonly Dictionary<string, FieldDefinition> _byName;

    private ModelSchema(string table, string? title, IReadOnlyList<FieldDefinition> fields, FieldDefinition primaryKey,
        bool implicitKey, IReadOnlyList<IReadOnlyList<string>> unionUnique, IReadOnlyList<IReadOnlyList<string>> unionIndex,
        IReadOnlyList<FieldDefinition> listFields)
    {
        ListFields = listFields;
        Table = table;
        Title = title;
        Fields = fields;
        PrimaryKey = primaryKey;
        HasImplicitPrimaryKey = implicitKey;
        UnionUniqueList = unionUnique;
        UnionIndexList = unionIndex;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        HasSerialField = fields.Any(f => f.DataType == DataType.Serial);
        HasRelations = listFields.Count > 0 || fields.Any(f => f.DataType == DataType.RelateData);
    }

    /// <summary>Whether a field is a Serial: creates then run in a transaction and number it from the counters table.</summary>
    public bool HasSerialField { get; }

    /// <summary>True when a field relates to another model (RelateData, or a MultiRelateData/SubTable list).</summary>
    public bool HasRelations { get; }

    public string Table { get; }

    public string? Title { get; }

    /// <summary>
    /// The fields stored in columns, in declaration order (the implicit <c>id</c>, when added, comes first). The
    /// column-less list fields (MultiRelateData, SubTable) are in <see cref="ListFields"/>.
    /// </summary>
    public IReadOnlyList<FieldDefinition> Fields { get; }

    public FieldDefinition PrimaryKey { get; }

    public bool HasImplicitPrimaryKey { get; }

    public IReadOnlyList<IReadOnlyList<string>> UnionUniqueList { get; }

    public IReadOnlyList<IReadOnlyList<string>> UnionIndexList { get; }

    /// <summary>MultiRelateData and SubTable fields: lists of another model's rows, no column here.</summary>
    public IReadOnlyList<FieldDefinition> ListFields { get; }

    public FieldDefinition? FindField(string name) => _byName.GetValueOrDefault(name);

    public FieldDefinition? FindListField(string name) => ListFields.FirstOrDefault(f => f.Name == name);

    /// <exception cref="UnknownFieldException">The model has no such field.</exception>
    public FieldDefinition GetField(string name)
        => _byName.TryGetValue(name, out var f) ? f : throw new UnknownFieldException(Table, name);

    /// <summary>
    /// The schema of computed rows (an aggregate model's): <paramref name="fields"/> as given, <paramref name="key"/> only
    /// naming the column that orders them first. Not validated as a table's schema: it is never created or written.
    /// </summary>
    internal static ModelSchema Computed(string name, IReadOnlyList<FieldDefinition> fields, FieldDefinition key)
        => new(name, null, fields, key, implicitKey: false, [], [], []);

    /// <summary>Parses model JSON; <paramref name="defaultTable"/> is used when the JSON has no <c>table</c>.</summary>
    public static ModelSchema Parse(string json, string? defaultTable = null)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new SchemaException($"Model JSON is malformed: {ex.Message}");
        }
        return node is JsonObject o ? FromJson(o, defaultTable) : throw new SchemaException("Model JSON must be an object.");
    }

    public static ModelSchema FromJson(JsonObject json, string? defaultTable = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var table = OptionalString(json, "table", null) ?? defaultTable
            ?? throw new SchemaException("Model has no 'table' and no default table name was given.");
        if (SqlIdentifiers.Check(table) is { } tableProblem)
        {
            throw new SchemaException($"Table name '{table}' is invalid: {tableProblem}.");
        }

        if (json["fields"] is not JsonArray rawFields)
        {
            throw new SchemaException("Model must have a 'fields' array.", null, "fields");
        }

        var fields = new List<FieldDefinition>();
        for (var i = 0; i < rawFields.Count; i++)
        {
            fields.Add(FieldParameters.Parse(rawFields[i], i));
        }

        try
        {
            return Create(table, OptionalString(json, "title", null), fields,
                ParseLists(json, "unionUniqueList"), ParseLists(json, "unionIndexList"));
        }
        catch (SchemaException ex) when (ex.Path is null && ex.Field is { } name && fields.FindIndex(f => f.Name == name) is var index and >= 0)
        {
            // Rules across fields (primary keys) still point at the field's place in the JSON.
            throw new SchemaException(ex.Problem, name, $"fields[{index}].name");
        }
    }

    /// <summary>Builds and validates a schema from field definitions (C# callers, tests).</summary>
    public static ModelSchema Create(string table, string? title, IEnumerable<FieldDefinition> fields,
        IEnumerable<IReadOnlyList<string>>? unionUniqueList = null, IEnumerable<IReadOnlyList<string>>? unionIndexList = null)
    {
        if (SqlIdentifiers.Check(table) is { } tableProblem)
        {
            throw new SchemaException($"Table name '{table}' is invalid: {tableProblem}.");
        }

        var list = fields.ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Count; i++)
        {
            // Paths index the given list, which is the JSON's 'fields' array when the schema comes from JSON.
            var f = list[i];
            var at = $"fields[{i}]";
            if (SqlIdentifiers.Check(f.Name) is { } problem)
            {
                throw new SchemaException($"invalid field name: {problem}.", f.Name, $"{at}.name");
            }
            // SQLite column names are case-insensitive, so 'Name' and 'name' would collide there.
            if (!seen.Add(f.Name))
            {
                throw new SchemaException("duplicate field name (names are compared case-insensitively).", f.Name, $"{at}.name");
            }

            if (f.DataType == DataType.AutoInt && !f.PrimaryKey)
            {
                throw new SchemaException("AutoInt is only allowed on the primary key.", f.Name, $"{at}.dataType");
            }

            if (f.MaxLen is { } len && (f.DataType != DataType.Stext || len is < 1 or > 10485760))
            {
                throw new SchemaException("maxLen is only allowed on Stext and must be between 1 and 10485760.", f.Name, $"{at}.maxLen");
            }

            if (f.Decimal is { } dec && (!DataTypeTraits.IsNumeric(f.DataType) || dec is < 0 or > 10))
            {
                throw new SchemaException("decimal is only allowed on Numeric/Money/Percent and must be between 0 and 10.", f.Name, $"{at}.decimal");
            }

            FieldParameters.Check(f, list, at);
            RelationProblem(f);
        }

        var listFields = list.Where(f => RelationDefinition.IsList(f.DataType)).ToList();
        list.RemoveAll(f => RelationDefinition.IsList(f.DataType));

        var keys = list.Where(f => f.PrimaryKey).ToList();
        if (keys.Count > 1)
        {
            throw new SchemaException($"more than one primary key ({string.Join(", ", keys.Select(k => k.Name))}); composite keys are not supported.", keys[1].Name);
        }

        var implicitKey = keys.Count == 0;
        FieldDefinition pk;
        if (implicitKey)
        {
            if (seen.Contains("id"))
            {
                throw new SchemaException("a field named 'id' exists but no field is the primary key; mark it primaryKey or rename it.", "id");
            }

            pk = new FieldDefinition { Name = "id", Title = "ID", DataType = DataType.AutoInt, PrimaryKey = true };
            list.Insert(0, pk);
        }
        else
        {
            pk = keys[0];
        }

        var schema = new ModelSchema(table, title, list, pk, implicitKey,
            ValidateLists(list, unionUniqueList, "unionUniqueList"), ValidateLists(list, unionIndexList, "unionIndexList"), listFields);
        foreach (var f in list)
        {
            if (f.Value is not null && !f.PrimaryKey && f.DataType != DataType.Serial)
            {
                try
                {
                    ValueCodec.FromJson(f, f.Value);
                }
                catch (InvalidValueException ex)
                {
                    var index = list.IndexOf(f) - (implicitKey ? 1 : 0);
                    throw new SchemaException($"default value does not fit the data type: {ex.Message}", f.Name, $"fields[{index}].value");
                }
            }
        }
        return schema;
    }

    private static void RelationProblem(FieldDefinition f)
    {
        if (RelationDefinition.IsRelational(f.DataType) != f.Relation is not null)
        {
            throw new SchemaException(f.Relation is null
                ? $"{f.DataType} needs 'generic' (the related model's full name)."
                : $"relation parameters are only allowed on RelateData, MultiRelateData and SubTable fields, not {f.DataType}.", f.Name);
        }

        if (RelationDefinition.IsRelational(f.DataType) && f.PrimaryKey)
        {
            throw new SchemaException($"{f.DataType} cannot be a primary key.", f.Name);
        }

        if (RelationDefinition.IsList(f.DataType) && (f.Unique || f.DbIndex || f.Value is not null))
        {
            throw new SchemaException($"{f.DataType} has no column: unique, dbIndex and value do not apply.", f.Name);
        }
    }

    private static IReadOnlyList<IReadOnlyList<string>> ValidateLists(List<FieldDefinition> fields,
        IEnumerable<IReadOnlyList<string>>? lists, string property)
    {
        var result = new List<IReadOnlyList<string>>();
        if (lists is null)
        {
            return result;
        }

        foreach (var group in lists)
        {
            if (group.Count == 0)
            {
                throw new SchemaException($"{property} contains an empty list.");
            }

            if (group.Distinct(StringComparer.Ordinal).Count() != group.Count)
            {
                throw new SchemaException($"{property} names a field twice in [{string.Join(", ", group)}].");
            }

            foreach (var name in group)
            {
                if (!fields.Any(f => f.Name == name))
                {
                    throw new SchemaException($"{property} names an undeclared field.", name);
                }
            }
            result.Add(group.ToArray());
        }
        return result;
    }

    private static List<IReadOnlyList<string>>? ParseLists(JsonObject json, string property)
    {
        var node = json[property];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray outer)
        {
            throw new SchemaException($"'{property}' must be a list of lists of field names.", null, property);
        }

        var result = new List<IReadOnlyList<string>>();
        foreach (var inner in outer)
        {
            if (inner is not JsonArray names || names.Any(n => n is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            {
                throw new SchemaException($"'{property}' must be a list of lists of field names.", null, property);
            }

            result.Add(names.Select(n => n!.GetValue<string>()).ToArray());
        }
        return result;
    }

    private static string? OptionalString(JsonObject o, string key, string? field)
    {
        var n = o[key];
        if (n is null)
        {
            return null;
        }

        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        throw new SchemaException($"'{key}' must be a string.", field);
    }
}
