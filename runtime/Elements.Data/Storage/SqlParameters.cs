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
    private readonly SqlDialect _dialect;
    private readonly List<(string Name, object? Value, FieldDefinition? Field)> _items = [];

    public SqlParameters(SqlDialect dialect) => _dialect = dialect;

    public int Count => _items.Count;

    /// <summary>The values added so far, in order (an aggregate store replays them before its own).</summary>
    public IReadOnlyList<(object? Value, FieldDefinition? Field)> Values => [.. _items.Select(i => (i.Value, i.Field))];

    /// <summary>Adds a value and returns its placeholder (<c>@p3</c>).</summary>
    public string Add(object? value, FieldDefinition? field = null)
    {
        var name = "p" + _items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _items.Add((name, value, field));
        return "@" + name;
    }

    /// <summary>The placeholder (<c>@p3</c>) and value of the <paramref name="index"/>th parameter.</summary>
    public (string Placeholder, object? Value) this[int index] => ("@" + _items[index].Name, _items[index].Value);

    public void ApplyTo(DbCommand command)
    {
        foreach (var (name, value, field) in _items)
        {
            _dialect.AddParameter(command, name, value, field);
        }
    }

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity) => ApplyTo((DbCommand)command);
}
