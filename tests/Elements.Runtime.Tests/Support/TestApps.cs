using Elements.Diagnostics;
using Elements.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Runtime.Tests.Support;

/// <summary>Paths of the fixture apps and the standard way tests load them (std library + this assembly's classes).</summary>
internal static class TestApps
{
    public const string SecretFromProcessEnvironment = "wx-secret-from-process-env";

    static TestApps()
    {
        // The Shop fixture resolves {{ELEMENTS_TEST_WX_SECRET}} from the process environment (not from envVars).
        Environment.SetEnvironmentVariable("ELEMENTS_TEST_WX_SECRET", SecretFromProcessEnvironment);
    }

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Shop => Path.Combine(Fixtures, "Apps", "Shop");

    public static string Lib => Path.Combine(Fixtures, "Apps", "Lib");

    /// <summary>Stand-in for the built-in library beside the fixture apps (siblings win over library roots).</summary>
    public static string StdStandIn => Path.Combine(Fixtures, "Apps", "Std");

    public static string Broken(string name) => Path.Combine(Fixtures, "Broken", name);

    public static ElementApp Load(string path, Action<ElementsBuilder>? configure = null) => ElementApp.Load(path, builder =>
    {
        builder.AddStdElements().AddElementTypesFrom(typeof(TestApps).Assembly);
        configure?.Invoke(builder);
    });

    public static ElementApp LoadShop(Action<ElementsBuilder>? configure = null) => Load(Shop, configure);

    /// <summary>Loads a broken fixture (with the Lib app as a library root) and returns the diagnostics as lines.</summary>
    public static IReadOnlyList<string> Diagnostics(string path)
    {
        var ex = Assert.Throws<ElementLoadException>(() => Load(path, b => b.AddLibraryRoot(Lib)));
        Assert.Equal("EL_LOAD_FAILED", ex.Code);
        return [.. ex.Diagnostics.Select(d => d.ToString())];
    }
}
