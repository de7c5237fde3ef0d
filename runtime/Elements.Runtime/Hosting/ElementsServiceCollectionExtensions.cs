using Elements;
using Elements.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the element runtime.</summary>
public static class ElementsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ElementApp"/> as a singleton, loaded on first resolution (load errors surface then as
    /// <see cref="Diagnostics.ElementLoadException"/>). Host config overrides are read from the registered
    /// <see cref="IConfiguration"/>, if any, under <see cref="ElementsOptions.OverridesSection"/>.
    /// </summary>
    public static ElementsBuilder AddElements(this IServiceCollection services, Action<ElementsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ElementsOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddSingleton(sp => new ElementApp(
            sp.GetRequiredService<IOptions<ElementsOptions>>().Value,
            sp,
            sp.GetService<IConfiguration>(),
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<ElementApp>().Invoker);
        return new ElementsBuilder(services);
    }
}
