using Elements.Data.Storage;

namespace Elements.Data.Tests.Support;

/// <summary>A real SQLite file in a fresh temp directory.</summary>
public sealed class SqliteProvider : IDatabaseProvider
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "elements-sqlite-" + Guid.NewGuid().ToString("N")[..12]);

    public string Path_ => System.IO.Path.Combine(_directory, "app.db");

    public Task<Database> CreateAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.FromResult<Database>(SqliteDatabase.FromPath(Path_));
    }

    public Task CleanupAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}
