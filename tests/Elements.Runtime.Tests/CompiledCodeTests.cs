using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Elements.Diagnostics;
using Elements.Hosting;
using Elements.Runtime.Tests.Support;
using Elements.Scripting;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Runtime.Tests;

/// <summary>
/// C# in element folders compiled by the runtime itself (<c>AddCompiledElementCode</c>), loaded the way a host loads an
/// app (<c>AddElements</c> + the hook on a service collection): at load, from the cache, on hot reload, with compile
/// errors as EL0015 diagnostics, and unloaded once the generation that used it retires.
/// </summary>
public sealed class CompiledCodeTests
{
    // Recompiling element code takes longer than a plain reload.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static TempApp CreateApp(string greeting = "Hello")
    {
        var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Code", "name": "Code", "title": "Compiled code", "version": "1.0.0" }""");
        temp.Write("services/HelloType/e.json", """
            { "title": "Hello type", "type": "services.Meta", "functionList": [
              { "name": "greet", "args": [ { "name": "name", "dataType": "Stext" } ], "returnType": "Stext" } ] }
            """);
        WriteCode(temp, greeting);
        temp.Write("services/Hello/e.json", """{ "title": "Hello", "type": "services.HelloType", "punctuation": "!" }""");
        return temp;
    }

    /// <summary>A derived Type with a config class; the salt gives every test run its own source hash.</summary>
    private static void WriteCode(TempApp temp, string greeting, string salt = "") => temp.Write("services/HelloType/HelloType.cs", $$"""
        // {{salt}}{{Guid.NewGuid()}}
        using Elements.Activation;
        namespace Demo;
        public sealed class HelloConfig { public string Punctuation { get; set; } = "."; }
        [ElementType("services.HelloType", ConfigType = typeof(HelloConfig))]
        public sealed class HelloType(HelloConfig config)
        {
            public string Greet(string name) => $"{{greeting}}, {name}{config.Punctuation}";
        }
        """);

    /// <summary>What a host does: AddElements + the std library + the compiler hook, resolved from a provider.</summary>
    private static ServiceProvider BuildHost(string appPath, Action<ElementsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddElements(o =>
        {
            o.AppPath = appPath;
            o.RetiredElementDisposeDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        }).AddStdElements().AddCompiledElementCode();
        return services.BuildServiceProvider();
    }

    private static async Task<string?> Greet(ElementApp app) =>
        (string?)await app.InvokeAsync("services.Hello", "greet", new JsonObject { ["name"] = "Ann" });

    [Fact]
    public async Task A_derived_type_in_a_cs_file_loads_through_the_host_path()
    {
        using var temp = CreateApp();
        await using var host = BuildHost(temp.Root);
        var app = host.GetRequiredService<ElementApp>();

        var element = app.GetElement("services.Hello");
        Assert.Equal("Demo.HelloType", element.GetType().FullName);
        Assert.True(element.GetType().Assembly.IsCollectible);
        Assert.Equal("services.HelloType", app.GetElementDefine("services.Hello").TypeChain[0]);
        Assert.Equal("Hello, Ann!", await Greet(app));
        Assert.Equal(1, host.GetRequiredService<ElementCodeCompiler>().Compilations);
    }

    [Fact]
    public void A_compile_error_is_a_load_diagnostic_with_file_line_and_column()
    {
        using var temp = CreateApp();
        temp.Write("services/HelloType/Broken.cs", """
            namespace Demo;
            public static class Broken
            {
                public static int Value() => "text";
            }
            """);
        using var host = BuildHost(temp.Root);

        var ex = Assert.Throws<ElementLoadException>(() => host.GetRequiredService<ElementApp>());
        var diagnostic = Assert.Single(ex.Diagnostics);
        Assert.Equal(DiagnosticCodes.CompileError, diagnostic.Code);
        Assert.Equal("services/HelloType/Broken.cs(4,34): error EL0015: CS0029: Cannot implicitly convert type 'string' to 'int'", diagnostic.ToString());
    }

    [Fact]
    public void A_compiled_config_class_is_validated_like_any_other()
    {
        using var temp = CreateApp();
        temp.Write("services/HelloType/HelloType.cs", $$"""
            // {{Guid.NewGuid()}}
            using System.ComponentModel.DataAnnotations;
            using Elements.Activation;
            namespace Demo;
            public sealed class HelloConfig { [Required] public string? Owner { get; set; } [Range(1, 3)] public int Level { get; set; } = 1; }
            [ElementType("services.HelloType", ConfigType = typeof(HelloConfig))]
            public sealed class HelloType(HelloConfig config) { public string Greet(string name) => config.Owner + name; }
            """);
        temp.Write("services/Hello/e.json", """{ "title": "Hello", "type": "services.HelloType", "level": 7 }""");
        using var host = BuildHost(temp.Root);

        var ex = Assert.Throws<ElementLoadException>(() => host.GetRequiredService<ElementApp>());
        Assert.Equal(
            [
                "services/Hello/e.json(1,1): error EL0010: config of 'services.Hello' is invalid: The Owner field is required.",
                "services/Hello/e.json(1,51): error EL0010: config of 'services.Hello' is invalid: The field Level must be between 1 and 3.",
            ],
            ex.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task Unchanged_sources_are_a_cache_hit_in_process_and_on_disk()
    {
        using var temp = CreateApp();
        await using (var first = BuildHost(temp.Root))
        {
            var compiler = first.GetRequiredService<ElementCodeCompiler>();
            var app = first.GetRequiredService<ElementApp>();
            Assert.Equal((1, 0), (compiler.Compilations, compiler.CacheHits));

            // A second app on the same sources while the first still holds the assembly: the in-process cache.
            await using var second = BuildHost(temp.Root);
            var again = second.GetRequiredService<ElementApp>();
            var secondCompiler = second.GetRequiredService<ElementCodeCompiler>();
            Assert.Equal((0, 1), (secondCompiler.Compilations, secondCompiler.CacheHits));
            Assert.Same(app.GetElement("services.Hello").GetType(), again.GetElement("services.Hello").GetType());

            // A reload of unchanged sources reuses the code too.
            Assert.True(app.Reload().Succeeded);
            Assert.Equal((1, 1), (compiler.Compilations, compiler.CacheHits));
        }

        // Nobody holds it any more (unloaded): the image under .elements/cache is the cache now.
        Assert.Single(Directory.GetFiles(Path.Combine(temp.Root, ElementCompiler.CacheFolder), "*.dll"));
        await using var third = BuildHost(temp.Root);
        var thirdApp = third.GetRequiredService<ElementApp>();
        var thirdCompiler = third.GetRequiredService<ElementCodeCompiler>();
        Assert.Equal((0, 1), (thirdCompiler.Compilations, thirdCompiler.CacheHits));
        Assert.Equal("Hello, Ann!", await Greet(thirdApp));
    }

    [Fact]
    public async Task Hot_reload_recompiles_keeps_the_old_code_on_a_broken_edit_and_picks_up_the_fix()
    {
        using var temp = CreateApp();
        await using var host = BuildHost(temp.Root, o =>
        {
            o.Watch = true;
            o.WatchDebounce = TimeSpan.FromMilliseconds(50);
        });
        var app = host.GetRequiredService<ElementApp>();
        Assert.Equal("Hello, Ann!", await Greet(app));

        var edited = await Reloads.NextAsync(app, () => WriteCode(temp, "Howdy"), Timeout);
        Assert.True(edited.Succeeded, string.Join("\n", edited.Diagnostics));
        Assert.Equal("Howdy, Ann!", await Greet(app));

        var broken = await Reloads.NextAsync(app, () => temp.Write("services/HelloType/HelloType.cs", "namespace Demo; public class Oops { int x = ; }"), Timeout);
        Assert.False(broken.Succeeded);
        Assert.All(broken.Diagnostics, d => Assert.Equal(DiagnosticCodes.CompileError, d.Code));
        Assert.StartsWith("services/HelloType/HelloType.cs(1,45): error EL0015: CS1525:", broken.Diagnostics[0].ToString());
        Assert.Equal(2, app.Generation);
        Assert.Equal("Howdy, Ann!", await Greet(app)); // the previous code stays in service

        var fixedUp = await Reloads.NextAsync(app, () => WriteCode(temp, "Welcome"), Timeout);
        Assert.True(fixedUp.Succeeded, string.Join("\n", fixedUp.Diagnostics));
        Assert.Equal(3, app.Generation);
        Assert.Equal("Welcome, Ann!", await Greet(app));
    }

    [Fact]
    public async Task A_retired_generations_code_is_unloaded()
    {
        using var temp = CreateApp();
        await using var host = BuildHost(temp.Root);
        var app = host.GetRequiredService<ElementApp>();
        var oldContext = await UseAndTrackContext(app);

        WriteCode(temp, "Howdy");
        Assert.True(app.Reload().Succeeded);
        Assert.Equal("Howdy, Ann!", await Greet(app));

        // The old generation retires at once (no delay, no call in flight); its context goes with the next collections.
        // Bounded: 100 rounds of collect + 50 ms.
        for (var i = 0; i < 100 && oldContext.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (oldContext.IsAlive)
            {
                await Task.Delay(50);
            }
        }

        Assert.False(oldContext.IsAlive, "the retired generation's AssemblyLoadContext is still alive");
    }

    // Not inlined, so no local of the test method keeps the old element or its type reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> UseAndTrackContext(ElementApp app)
    {
        Assert.Equal("Hello, Ann!", await Greet(app));
        return new WeakReference(AssemblyLoadContext.GetLoadContext(app.GetElement("services.Hello").GetType().Assembly));
    }
}
