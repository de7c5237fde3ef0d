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
    private readonly List<(object? Value, FieldDefinition? Field)> _items = new(8);

    public SqlParameters(SqlDialect dialect) => _dialect = dialect;

    public int Count => _items.Count;

    /// <summary>The values added so far, in order (an aggregate store replays them before its own).</summary>
    public IReadOnlyList<(object? Value, FieldDefinition? Field)> Values => [.. _items];

    /// <summary>Adds a value and returns its placeholder (<c>@p3</c> on SQLite, <c>$4</c> on PostgreSQL).</summary>
    public string Add(object? value, FieldDefinition? field = null)
    {
        _items.Add((value, field));
        return _dialect.Placeholder(_items.Count - 1);
    }

    /// <summary>The placeholder and value of the <paramref name="index"/>th parameter.</summary>
    public (string Placeholder, object? Value) this[int index] => (_dialect.Placeholder(index), _items[index].Value);

    public void ApplyTo(DbCommand command)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            _dialect.AddParameter(command, i, _items[i].Value, _items[i].Field);
        }
    }

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity) => ApplyTo((DbCommand)command);
}
