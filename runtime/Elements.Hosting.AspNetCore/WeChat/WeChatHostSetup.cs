using Elements.WeChat.Configuration;
using Elements.WeChat.Tokens;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.WeChat;

/// <summary>Points the WeChat client (which <c>AddStdElements</c> registers) at WeChat or at a sandbox, and picks its
/// access-token store. The sandbox itself is not started here: that is the add-on's job
/// (<c>Elements.WeChatSandbox.Hosting</c>).</summary>
internal static class WeChatHostSetup
{
    /// <summary>Used when the client's options are needed before Kestrel reports its address (nothing in the host
    /// does that; it keeps the client usable if a later component does).</summary>
    private const string FallbackAddress = "http://127.0.0.1:5080";

    /// <param name="ownTokenStore">The embedding code registered an <see cref="IAccessTokenStore"/> itself: keep it.</param>
    public static void AddWeChat(IServiceCollection services, IConfiguration configuration, WeChatMode mode, bool ownTokenStore)
    {
        services.AddOptions<WeChatHostOptions>().BindConfiguration(WeChatHostOptions.SectionName);
        if (!ownTokenStore)
        {
            var choice = configuration.GetSection(WeChatHostOptions.SectionName).GetValue(nameof(WeChatHostOptions.TokenStore), WeChatTokenStore.Auto);
            services.RemoveAll<IAccessTokenStore>();
            services.AddSingleton<IAccessTokenStore>(sp => new SelectingAccessTokenStore(sp, choice, mode));
        }

        services.AddOptions<WeChatOptions>().Configure<IServiceProvider>((options, sp) =>
        {
            // Timeouts, retries and token timing; the base URLs below follow the mode whatever this section says.
            configuration.GetSection(WeChatHostOptions.ClientSectionName).Bind(options);
            // Only apps configured here and the apps elements register with their own appSecret are known: in sandbox
            // mode too, so a wrong secret in an element is refused by the sandbox (40125) exactly as WeChat would.
            configuration.GetSection(WeChatHostOptions.AppsSectionName).Bind(options.Apps);
            foreach (var (key, app) in options.Apps)
            {
                if (string.IsNullOrEmpty(app.AppId))
                {
                    app.AppId = key;
                }
            }

            var host = sp.GetRequiredService<IOptions<WeChatHostOptions>>().Value;
            if (mode == WeChatMode.Live)
            {
                options.ApiBaseUrl = host.ApiBaseUrl;
                options.OpenBaseUrl = host.OpenBaseUrl;
                return;
            }

            var baseUrl = host.SandboxBaseUrl is { Length: > 0 } configured
                ? configured.TrimEnd('/')
                : ServerAddresses.Get(sp.GetRequiredService<IServer>()).FirstOrDefault() ?? FallbackAddress;
            options.ApiBaseUrl = baseUrl;
            options.OpenBaseUrl = baseUrl;
        });
    }
}
