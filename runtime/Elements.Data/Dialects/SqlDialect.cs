using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Dialects;

/// <summary>Everything that differs between SQLite and PostgreSQL: types, parameters, introspection, error mapping.</summary>
internal abstract class SqlDialect
{
    // Statements quote the same few schema identifiers over and over: each is quoted once.
    private static readonly NameMemo<string> QuotedIdentifiers = new(identifier => "\"" + identifier + "\"");

    private string[]? _firstPlaceholders;

    /// <summary>Identifiers reach SQL only after <see cref="SqlIdentifiers.Check"/>, so quoting never needs escaping.</summary>
    public string Quote(string identifier) => QuotedIdentifiers[identifier];

    /// <summary>Column type as created and as reported by introspection (drift is a mismatch of the two).</summary>
    public abstract string ColumnType(FieldDefinition field);

    /// <summary>Full column definition for the primary key in CREATE TABLE.</summary>
    public abstract string PrimaryKeyDefinition(FieldDefinition field);

    /// <summary>Case-insensitive LIKE with '\' as the escape character.</summary>
    public abstract string Like(string column, string parameter, bool negate, FieldDefinition field);

    /// <summary>
    /// Integer expression for a date part (year, month, week, day) of a Datetime or Date column, taken in UTC (the
    /// zone instants are stored in); week is the ISO-8601 week number (1-53), as PostgreSQL's EXTRACT(WEEK).
    /// </summary>
    public abstract string DatePart(string column, string part, FieldDefinition field);

    /// <summary>
    /// Appended to an ORDER BY term so nulls sort the same on every database: PostgreSQL's default, nulls after every
    /// value ascending and before them descending (SQLite's default is the reverse).
    /// </summary>
    public virtual string NullsOrder(bool descending) => "";

    /// <summary>
    /// Text of one top-level key of a JSON column (null when absent). <paramref name="key"/> comes from a closed set of
    /// identifiers (the Address parts), never from input, so it is written into the SQL.
    /// </summary>
    public abstract string JsonPart(string column, string key);

    /// <summary>Compares a column type from the catalogue with the expected one.</summary>
    public virtual bool SameType(string expected, string actual)
        => string.Equals(Normalize(expected), Normalize(actual), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// SQL run after a row was inserted with an explicit AutoInt key, so later generated keys skip past it; null when
    /// the database does that itself. Parameters: the first is the table, the second the column, the third the key.
    /// </summary>
    public virtual string? AdvanceKeySequenceSql => null;

    /// <summary>
    /// Whether one statement can update rows and insert from what the update returned (PostgreSQL's data-modifying
    /// <c>WITH</c>); SQLite's <c>WITH</c> holds only a SELECT.
    /// </summary>
    public virtual bool InsertsFromUpdateInOneStatement => false;

    /// <summary>The text that stands for a statement's <paramref name="index"/>th parameter (from 0) in its SQL.</summary>
    public string Placeholder(int index)
    {
        // Every statement numbers its parameters from 0: the first ones are made once per dialect.
        var first = _firstPlaceholders ??= [.. Enumerable.Range(0, 64).Select(MakePlaceholder)];
        return index < first.Length ? first[index] : MakePlaceholder(index);
    }

    /// <summary>Adds the statement's <paramref name="index"/>th parameter; parameters are added in order.</summary>
    public abstract void AddParameter(DbCommand command, int index, object? value, FieldDefinition? field);

    /// <summary>The placeholder of the <paramref name="index"/>th parameter, as the database spells it.</summary>
    private protected abstract string MakePlaceholder(int index);

    /// <summary>Column name → declared type; empty when the table does not exist.</summary>
    public abstract Task<Dictionary<string, string>> GetColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken ct);

    public abstract Task<HashSet<string>> GetIndexNamesAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken ct);

    /// <summary>Maps a provider exception to a data-layer error, or null when it is not a constraint violation.</summary>
    public abstract ConstraintViolationException? TranslateConstraint(Exception exception, ModelSchema schema);

    public static string IndexName(string prefix, string table, IReadOnlyList<string> columns)
    {
        var name = $"{prefix}_{table}_{string.Join("_", columns)}";
        if (name.Length <= SqlIdentifiers.MaxLength)
        {
            return name;
        }
        // Keep names within PostgreSQL's 63-byte limit yet unique per column set.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..10];
        return name[..(SqlIdentifiers.MaxLength - 11)] + "_" + hash;
    }

    protected static async Task<List<(string, string)>> ReadPairsAsync(DbCommand command, CancellationToken ct)
    {
        var list = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add((reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        }

        return list;
    }

    private static string Normalize(string type) => type.Replace(" ", "", StringComparison.Ordinal);
}
