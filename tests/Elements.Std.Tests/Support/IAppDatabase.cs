namespace Elements.Std.Tests.Support;

/// <summary>Which database a test app's <c>databases.Default</c> is: the library's SQLite default, or an override.</summary>
public interface IAppDatabase
{
    string Provider { get; }

    /// <summary>Writes what the app needs (overrides, envVars) and returns the envVars for app.json.</summary>
    Task<IReadOnlyDictionary<string, string>> PrepareAsync();

    void WriteOverrides(AppFolder folder);

    Task CleanupAsync();
}
