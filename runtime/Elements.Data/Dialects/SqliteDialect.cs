using System.Data.Common;
using System.Globalization;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Microsoft.Data.Sqlite;

namespace Elements.Data.Dialects;

/// <summary>
/// SQLite mapping. Declared types are chosen so the type affinity is right (INTEGER, TEXT, NUMERIC) while the
/// declared name still tells the data types apart for drift detection. Instants are stored as fixed-width UTC text
/// (<c>yyyy-MM-dd HH:mm:ss.ffffff</c>) so text comparison equals time comparison.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    public const string InstantFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    public static readonly SqliteDialect Instance = new();

    public override string ColumnType(FieldDefinition field) => field.DataType switch
    {
        DataType.AutoInt or DataType.Integer => "INTEGER",
        DataType.Stext or DataType.Phone or DataType.Serial or DataType.Radio or DataType.Dropdown => $"VARCHAR({field.EffectiveMaxLen})",
        DataType.Ltext => "TEXT",
        DataType.Numeric or DataType.Money or DataType.Percent => $"NUMERIC(18,{field.EffectiveDecimal})",
        DataType.Datetime => "DATETIME",
        DataType.Date => "DATE",
        // NUMERIC affinity, but "12:30:00" is not a number, so it stays the fixed-width text that compares in order.
        DataType.Time => "TIME",
        DataType.Checkbox => "BOOLEAN",
        DataType.JitDict => "JSON",
        DataType.RelateData when field.Relation is { } r => ColumnType(r.KeyColumn(field)),
        _ when DataTypeTraits.IsJson(field.DataType) => "JSON",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public override string PrimaryKeyDefinition(FieldDefinition field)
        => field.DataType == DataType.AutoInt
            ? $"{Quote(field.Name)} INTEGER PRIMARY KEY AUTOINCREMENT"
            : $"{Quote(field.Name)} {ColumnType(field)} NOT NULL PRIMARY KEY";

    // SQLite's LIKE is already case-insensitive for ASCII.
    public override string Like(string column, string parameter, bool negate, FieldDefinition field)
        => $"{column} {(negate ? "NOT LIKE" : "LIKE")} {parameter} ESCAPE '\\'";

    // Stored text is UTC already. strftime('%V') needs SQLite 3.46, so the ISO week is computed from the Thursday of
    // the row's week (ISO weeks belong to the year of their Thursday): (day-of-year of that Thursday - 1) / 7 + 1.
    public override string DatePart(string column, string part, FieldDefinition field) => part switch
    {
        "year" => $"CAST(strftime('%Y', {column}) AS INTEGER)",
        "month" => $"CAST(strftime('%m', {column}) AS INTEGER)",
        "day" => $"CAST(strftime('%d', {column}) AS INTEGER)",
        "week" => $"((CAST(strftime('%j', date({column}, '-3 days', 'weekday 4')) AS INTEGER) - 1) / 7 + 1)",
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public override string NullsOrder(bool descending) => descending ? " NULLS FIRST" : " NULLS LAST";

    public override string JsonPart(string column, string key) => $"json_extract({column}, '$.{key}')";

    public override void AddParameter(DbCommand command, int index, object? value, FieldDefinition? field)
        => command.Parameters.Add(new SqliteParameter(Placeholder(index), DbValue(value)));

    private protected override string MakePlaceholder(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>What a parameter binds: the stored form of instants, dates, times, decimals and JSON.</summary>
    public static object DbValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime dt => dt.ToString(InstantFormat, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        // NUMERIC affinity stores REAL anyway; binding a double keeps comparisons numeric.
        decimal m => (double)m,
        JsonText j => j.Json,
        _ => value,
    };

    public override async Task<Dictionary<string, string>> GetColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "SELECT name, type FROM pragma_table_info(@t)";
        cmd.Parameters.Add(new SqliteParameter("@t", table));
        return (await ReadPairsAsync(cmd, ct).ConfigureAwait(false)).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase);
    }

    public override async Task<HashSet<string>> GetIndexNamesAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "SELECT name, origin FROM pragma_index_list(@t)";
        cmd.Parameters.Add(new SqliteParameter("@t", table));
        return (await ReadPairsAsync(cmd, ct).ConfigureAwait(false)).Select(p => p.Item1).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public override ConstraintViolationException? TranslateConstraint(Exception exception, ModelSchema schema)
    {
        if (exception is not SqliteException { SqliteErrorCode: 19 } ex)
        {
            return null;
        }
        // Message shape: "SQLite Error 19: 'UNIQUE constraint failed: people.email, people.name'."
        var message = ex.Message;
        var kind = message.Contains("UNIQUE", StringComparison.Ordinal) || message.Contains("PRIMARY KEY", StringComparison.Ordinal) ? "unique"
            : message.Contains("NOT NULL", StringComparison.Ordinal) ? "notNull"
            : message.Contains("FOREIGN KEY", StringComparison.Ordinal) ? "foreignKey"
            : message.Contains("CHECK", StringComparison.Ordinal) ? "check" : "other";
        var fields = new List<string>();
        var marker = message.IndexOf("failed: ", StringComparison.Ordinal);
        if (marker >= 0)
        {
            var rest = message[(marker + 8)..];
            var end = rest.IndexOf('\'', StringComparison.Ordinal);
            if (end >= 0)
            {
                rest = rest[..end];
            }

            foreach (var part in rest.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var dot = part.LastIndexOf('.');
                var column = dot >= 0 ? part[(dot + 1)..] : part;
                if (schema.FindField(column) is { } f)
                {
                    fields.Add(f.Name);
                }
            }
        }
        string? constraint = null;
        if (kind == "unique" && fields.Count > 0)
        {
            constraint = fields.Count == 1 && fields[0] == schema.PrimaryKey.Name
                ? $"{schema.Table}_pkey"
                : IndexName("ux", schema.Table, fields);
        }
        return new ConstraintViolationException(schema.Table, kind, constraint, fields, exception);
    }
}
