using Elements.Testing.Files;
using Elements.Testing.Repository;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests.Support;

/// <summary>
/// A throwaway copy of the repository's <c>app/</c> (app.json, every element folder and appsettings.json, no
/// appData), so tests run the sample app as <c>dotnet run --project app</c> does without touching its database.
/// </summary>
internal sealed class SampleAppCopy : IDisposable
{
    private readonly TempDirectory _root;

    private SampleAppCopy(TempDirectory root) => _root = root;

    /// <summary>The content root and the app folder at once, as <c>app/</c> is.</summary>
    public string Root => _root.Path;

    public static string RepositoryApp() => SampleApp.Folder;

    public static SampleAppCopy Create()
    {
        var root = TempDirectory.Create("elements-host-tests");
        SampleApp.CopyHostContentTo(root.Path);
        return new SampleAppCopy(root);
    }

    /// <summary>Starts the host on this copy (its appsettings.json applies; <paramref name="settings"/> override it).</summary>
    public Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        TestHost.StartAsync(Root, settings ?? new Dictionary<string, string?>(), null, services);

    public void Dispose() => _root.Dispose();
}
