using Elements.Diagnostics;
using Elements.Invocation;
using Elements.Runtime.Tests.Support;
using Elements.Runtime.Tests.TestElements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Elements.Runtime.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void Add_elements_registers_the_app_as_a_singleton()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddElements(o =>
        {
            o.AppPath = TestApps.Shop;
            o.LibraryRoots.Add(Path.Combine(TestApps.Fixtures, "Apps"));
        }).AddStdElements().AddElementTypesFrom(typeof(Calc).Assembly);
        using var provider = services.BuildServiceProvider();

        var app = provider.GetRequiredService<ElementApp>();
        Assert.Same(app, provider.GetRequiredService<ElementApp>());
        Assert.Same(app.Invoker, provider.GetRequiredService<ElementInvoker>());
        Assert.Same(app, app.Services.GetRequiredService<ElementApp>());
        Assert.IsType<Calc>(app.GetElement("services.Calc"));
    }

    [Fact]
    public void Load_errors_surface_on_resolution()
    {
        var services = new ServiceCollection();
        services.AddElements(o => o.AppPath = TestApps.Broken("NoAppId"));
        using var provider = services.BuildServiceProvider();
        Assert.Throws<ElementLoadException>(() => provider.GetRequiredService<ElementApp>());
    }

    [Fact]
    public void App_path_is_required()
    {
        var services = new ServiceCollection();
        services.AddElements();
        using var provider = services.BuildServiceProvider();
        Assert.Throws<ArgumentException>(() => provider.GetRequiredService<ElementApp>());
    }

    [Fact]
    public void Loaded_app_owns_its_provider()
    {
        var app = TestApps.LoadShop();
        var provider = (IDisposable)app.Services;
        app.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ((IServiceProvider)provider).GetService(typeof(ElementApp)));
        app.Dispose(); // idempotent
    }
}
