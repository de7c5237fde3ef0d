namespace Elements.Std.Tests.Support;

/// <summary>The library's own <c>databases.Default</c>: a real SQLite file under the app's appData/.</summary>
public sealed class SqliteAppDatabase : IAppDatabase
{
    public string Provider => "sqlite";

    public Task<IReadOnlyDictionary<string, string>> PrepareAsync() => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public void WriteOverrides(AppFolder folder)
    {
    }

    public Task CleanupAsync() => Task.CompletedTask;
}
