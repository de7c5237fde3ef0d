using System.Security.Cryptography;
using Elements.Hosting;
using Elements.Wechat;
using Elements.WechatSandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Elements.Host.Wechat;

/// <summary>Registers the WeChat client and, in sandbox mode, the in-process sandbox it talks to.</summary>
internal static class WechatHostSetup
{
    /// <summary>Used when the client's options are needed before Kestrel reports its address (nothing in the host
    /// does that; it keeps the client usable if a later component does).</summary>
    private const string FallbackAddress = "http://127.0.0.1:5080";

    /// <param name="ownTokenStore">The embedding code registered an <see cref="IAccessTokenStore"/> itself: keep it.</param>
    public static void AddWechat(IServiceCollection services, IConfiguration configuration, WechatMode mode, bool ownTokenStore)
    {
        services.AddOptions<WechatHostOptions>().BindConfiguration(WechatHostOptions.SectionName);
        if (!ownTokenStore)
        {
            var choice = configuration.GetSection(WechatHostOptions.SectionName).GetValue(nameof(WechatHostOptions.TokenStore), WechatTokenStore.Auto);
            services.RemoveAll<IAccessTokenStore>();
            services.AddSingleton<IAccessTokenStore>(sp => new SelectingAccessTokenStore(sp, choice, mode));
        }

        if (mode == WechatMode.Sandbox)
        {
            services.AddWechatSandbox();
            services.AddOptions<WechatSandboxOptions>()
                .BindConfiguration(WechatHostOptions.SandboxSectionName)
                .PostConfigure<IOptions<WechatHostOptions>>((sandbox, host) => AssignSecrets(sandbox, host.Value));
            services.AddOptions<ElementsOptions>().Configure<IOptions<WechatSandboxOptions>, IOptions<WechatHostOptions>>(
                (elements, sandbox, host) => elements.Environment = SandboxSecretsFirst(elements.Environment, sandbox.Value, host.Value));
        }

        // The client itself comes with AddStdElements; the host only points it at the sandbox or at WeChat.
        services.AddOptions<WechatOptions>().Configure<IServiceProvider>((options, sp) =>
        {
            // Timeouts, retries and token timing; the base URLs below follow the mode whatever this section says.
            configuration.GetSection(WechatHostOptions.ClientSectionName).Bind(options);
            configuration.GetSection(WechatHostOptions.AppsSectionName).Bind(options.Apps);
            foreach (var (key, app) in options.Apps)
            {
                if (string.IsNullOrEmpty(app.AppId))
                {
                    app.AppId = key;
                }
            }

            var host = sp.GetRequiredService<IOptions<WechatHostOptions>>().Value;
            if (mode == WechatMode.Live)
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
            foreach (var app in sp.GetRequiredService<IOptions<WechatSandboxOptions>>().Value.Apps)
            {
                options.AddApp(app.AppId, app.Secret);
            }
        });
    }

    /// <summary>Demo apps need secrets the client and the sandbox agree on, but none is committed: a fresh random one
    /// per start for each app configured without.</summary>
    private static void AssignSecrets(WechatSandboxOptions sandbox, WechatHostOptions host)
    {
        foreach (var app in sandbox.Apps.Where(a => string.IsNullOrEmpty(a.Secret)))
        {
            var fromEnvironment = host.SandboxSecretVariables
                .Where(v => v.Value == app.AppId)
                .Select(v => Environment.GetEnvironmentVariable(v.Key))
                .FirstOrDefault(value => !string.IsNullOrEmpty(value));
            app.Secret = fromEnvironment ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }
    }

    private static Func<string, string?> SandboxSecretsFirst(Func<string, string?> environment, WechatSandboxOptions sandbox, WechatHostOptions host) =>
        name => host.SandboxSecretVariables.TryGetValue(name, out var appId)
            && sandbox.Apps.FirstOrDefault(a => a.AppId == appId) is { } app
                ? app.Secret
                : environment(name);
}
