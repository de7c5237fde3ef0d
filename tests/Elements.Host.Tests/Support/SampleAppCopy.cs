using Elements.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests.Support;

/// <summary>
/// A throwaway copy of the repository's <c>app/</c> (app.json, every element folder and appsettings.json, no
/// appData), so tests run the sample app as <c>dotnet run --project app</c> does without touching its database.
/// </summary>
internal sealed class SampleAppCopy : IDisposable
{
    private SampleAppCopy(string root) => Root = root;

    /// <summary>The content root and the app folder at once, as <c>app/</c> is.</summary>
    public string Root { get; }

    public static string RepositoryApp() => SampleApp.Folder;

    public static SampleAppCopy Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "elements-host-tests", "sample-" + Guid.NewGuid().ToString("n"));
        SampleApp.CopyElementsTo(root);
        File.Copy(Path.Combine(SampleApp.Folder, "appsettings.json"), Path.Combine(root, "appsettings.json"));
        return new SampleAppCopy(root);
    }

    /// <summary>Starts the host on this copy (its appsettings.json applies; <paramref name="settings"/> override it).</summary>
    public Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        TestHost.StartAsync(Root, settings ?? new Dictionary<string, string?>(), null, services);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort (SQLite may still hold the file briefly on some systems).
        }
    }
}
