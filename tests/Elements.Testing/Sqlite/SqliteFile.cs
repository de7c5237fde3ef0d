using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Elements.Testing.Sqlite;

/// <summary>Reads an app's SQLite file the way an operator would, beside the process that writes it (read-only, unpooled).</summary>
public static class SqliteFile
{
    public static async Task<List<T>> QueryAsync<T>(string file, string sql, Func<DbDataReader, T> read)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static Task<List<string>> TablesAsync(string file) =>
        QueryAsync(file, "SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0));
}
