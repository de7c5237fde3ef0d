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

    public static string RepositoryApp()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elements.sln")))
            {
                return Path.Combine(dir.FullName, "app");
            }
        }

        throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
    }

    public static SampleAppCopy Create()
    {
        var source = RepositoryApp();
        var root = Path.Combine(Path.GetTempPath(), "elements-host-tests", "sample-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(source, "app.json"), Path.Combine(root, "app.json"));
        File.Copy(Path.Combine(source, "appsettings.json"), Path.Combine(root, "appsettings.json"));
        foreach (var dir in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj" or "appData" or "Host" or "wwwroot" || !Directory.EnumerateFiles(dir, "e.json", SearchOption.AllDirectories).Any())
            {
                continue;
            }

            Copy(dir, Path.Combine(root, name));
        }

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

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
