using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Hosting;

/// <summary>Returned by <c>services.AddElements(...)</c> to add libraries and element classes.</summary>
public sealed class ElementsBuilder
{
    internal ElementsBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>Registers the classes marked with <see cref="Activation.ElementTypeAttribute"/> in <paramref name="assembly"/>.</summary>
    public ElementsBuilder AddElementTypesFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Configure(o =>
        {
            if (!o.ElementTypeAssemblies.Contains(assembly))
            {
                o.ElementTypeAssemblies.Add(assembly);
            }
        });
    }

    /// <summary>Adds a folder searched for extended apps (an app folder or a folder of app folders).</summary>
    public ElementsBuilder AddLibraryRoot(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Configure(o =>
        {
            if (!o.LibraryRoots.Contains(path))
            {
                o.LibraryRoots.Add(path);
            }
        });
    }

    public ElementsBuilder Configure(Action<ElementsOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
