using Elements.Testing.Files;

namespace Elements.Testing.Repository;

/// <summary>The repository's sample app (<c>app/</c>), found from the test assembly's build output.</summary>
public static class SampleApp
{
    /// <summary>The repository root (the folder holding <c>Elements.sln</c>).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The sample app, which is also the host project's folder.</summary>
    public static string Folder => Path.Combine(RepositoryRoot, "app");

    /// <summary>
    /// Copies the sample app's <c>app.json</c> and every top folder holding an <c>e.json</c> to <paramref name="root"/>:
    /// the elements as a user drops them in, without the host's code, build output or <c>appData</c>.
    /// </summary>
    public static void CopyElementsTo(string root)
    {
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(Folder, "app.json"), Path.Combine(root, "app.json"));
        foreach (var dir in Directory.GetDirectories(Folder))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj" or "appData" or "Host" or "wwwroot" || !Directory.EnumerateFiles(dir, "e.json", SearchOption.AllDirectories).Any())
            {
                continue;
            }

            TempDirectory.CopyTree(dir, Path.Combine(root, name));
        }
    }

    /// <summary>
    /// Copies what the sample app's host reads from its content root to <paramref name="root"/>: the elements
    /// (<see cref="CopyElementsTo"/>) and <c>appsettings.json</c> (the sandbox's demo apps and users), so a test runs the
    /// sample app as <c>dotnet run --project app</c> does without touching its database.
    /// </summary>
    public static void CopyHostContentTo(string root)
    {
        CopyElementsTo(root);
        File.Copy(Path.Combine(Folder, "appsettings.json"), Path.Combine(root, "appsettings.json"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elements.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
    }
}
