using System.Reflection;

namespace Elements.Hosting;

/// <summary>Where the app and its libraries are, and how the runtime treats them.</summary>
public sealed class ElementsOptions
{
    /// <summary>The app folder (holding <c>app.json</c>). Required.</summary>
    public string? AppPath { get; set; }

    /// <summary>Folders searched for extended apps after the app's siblings: each is an app folder or a folder of
    /// app folders (the CLI's repeatable <c>--lib</c>).</summary>
    public IList<string> LibraryRoots { get; } = [];

    /// <summary>Assemblies scanned for classes marked with <see cref="Activation.ElementTypeAttribute"/>.</summary>
    public IList<Assembly> ElementTypeAssemblies { get; } = [];

    /// <summary>Watch the app folders and hot-reload the registry on changes.</summary>
    public bool Watch { get; set; }

    /// <summary>Quiet period after the last file change before a rebuild: editors write files in several steps.</summary>
    public TimeSpan WatchDebounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long after a hot reload swap the previous generation's element objects are disposed (on a background
    /// timer). Calls through <see cref="Invocation.ElementInvoker"/> hold the generation they started on, so its objects
    /// are disposed only after the last such call has also finished, however long it runs; the delay protects code
    /// that took an object from <see cref="ElementApp.GetElement(string)"/> directly and is still using it.
    /// </summary>
    public TimeSpan RetiredElementDisposeDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Configuration section holding per-element config overrides, one subsection per full name, e.g.
    /// <c>Elements:Overrides:auths.loginTypes.MyWechatLogin:appSecret</c>. They are the last merge layer.</summary>
    public string OverridesSection { get; set; } = "Elements:Overrides";

    /// <summary>Told how far each load and hot reload has got (e.g. the CLI's progress display on a terminal). Null: nobody asks.</summary>
    public IProgress<LoadProgress>? LoadProgress { get; set; }

    /// <summary>Where <c>{{VAR}}</c> placeholders fall back to after the app's envVars; the process environment by default.</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;
}
