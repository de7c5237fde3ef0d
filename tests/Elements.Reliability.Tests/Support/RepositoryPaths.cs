using Elements.Testing.Repository;


namespace Elements.Reliability.Tests.Support;

/// <summary>Where the sample app and the built host are, found from this test assembly's build output.</summary>
internal static class RepositoryPaths
{
    public static string Root => SampleApp.RepositoryRoot;

    /// <summary>The sample app (<c>app/</c>), also the host project's folder.</summary>
    public static string App => Path.Combine(Root, "app");

    /// <summary>
    /// The host built by this project's reference (ReferenceOutputAssembly=false) with the same configuration as this
    /// assembly: this is <c>tests/Elements.Reliability.Tests/bin/&lt;config&gt;/&lt;tfm&gt;/</c>, the host
    /// <c>app/bin/&lt;config&gt;/&lt;tfm&gt;/Elements.Host.dll</c>.
    /// </summary>
    public static string HostDll
    {
        get
        {
            var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(App, "bin", baseDir.Parent!.Name, baseDir.Name, "Elements.Host.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build app/Elements.Host.csproj first", path);
        }
    }
}
