using Elements.WeChatSandbox.Clock;
using Elements.WeChatSandbox.Server;
using Elements.WeChatSandbox.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class WeChatSandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sandbox's state and its virtual <see cref="SandboxClock"/> (its own clock, not the host's
    /// TimeProvider, so advancing it never disturbs the host). Map the endpoints with <c>MapWeChatSandbox()</c>.
    /// </summary>
    public static IServiceCollection AddWeChatSandbox(this IServiceCollection services, Action<WeChatSandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WeChatSandboxOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<SandboxClock>();
        services.TryAddSingleton(sp =>
        {
            var state = new SandboxState(sp.GetRequiredService<SandboxClock>());
            var seed = sp.GetRequiredService<IOptions<WeChatSandboxOptions>>().Value;
            foreach (var app in seed.Apps)
            {
                state.RegisterApp(app);
            }

            foreach (var user in seed.Users)
            {
                state.RegisterUser(user);
            }

            return state;
        });
        return services;
    }
}
