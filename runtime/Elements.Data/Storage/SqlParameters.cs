using System.Data;
using System.Data.Common;
using Dapper;
using Elements.Data.Dialects;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>
/// Positional parameters of one statement. Also a Dapper <see cref="SqlMapper.IDynamicParameters"/>, so typed queries
/// bind values exactly as the JSON path does (Dapper's own inference does not know jsonb or DateOnly on SQLite).
/// </summary>
internal sealed class SqlParameters : SqlMapper.IDynamicParameters
{
    // Names and placeholders of the first parameters, made once: every statement numbers its parameters from p0.
    private static readonly string[] Names = [.. Enumerable.Range(0, 64).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    private static readonly string[] Placeholders = [.. Names.Select(n => "@" + n)];

    private readonly SqlDialect _dialect;
    private readonly List<(string Name, object? Value, FieldDefinition? Field)> _items = new(8);

    public SqlParameters(SqlDialect dialect) => _dialect = dialect;

    public int Count => _items.Count;

    /// <summary>The values added so far, in order (an aggregate store replays them before its own).</summary>
    public IReadOnlyList<(object? Value, FieldDefinition? Field)> Values => [.. _items.Select(i => (i.Value, i.Field))];

    /// <summary>Adds a value and returns its placeholder (<c>@p3</c>).</summary>
    public string Add(object? value, FieldDefinition? field = null)
    {
        var index = _items.Count;
        if (index < Names.Length)
        {
            _items.Add((Names[index], value, field));
            return Placeholders[index];
        }

        var name = "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _items.Add((name, value, field));
        return "@" + name;
    }

    /// <summary>The placeholder (<c>@p3</c>) and value of the <paramref name="index"/>th parameter.</summary>
    public (string Placeholder, object? Value) this[int index] => (index < Placeholders.Length ? Placeholders[index] : "@" + _items[index].Name, _items[index].Value);

    public void ApplyTo(DbCommand command)
    {
        foreach (var (name, value, field) in _items)
        {
            _dialect.AddParameter(command, name, value, field);
        }
    }

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity) => ApplyTo((DbCommand)command);
}
