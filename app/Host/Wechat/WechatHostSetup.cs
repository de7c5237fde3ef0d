using System.Security.Cryptography;
using Elements.Wechat;
using Elements.WechatSandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Elements.Host.Wechat;

/// <summary>Registers the WeChat client and, in sandbox mode, the in-process sandbox it talks to.</summary>
internal static class WechatHostSetup
{
    /// <summary>Used when the client's options are needed before Kestrel reports its address (nothing in the host
    /// does that; it keeps the client usable if a later component does).</summary>
    private const string FallbackAddress = "http://127.0.0.1:5080";

    public static void AddWechat(IServiceCollection services, IConfiguration configuration, WechatMode mode)
    {
        services.AddOptions<WechatHostOptions>().BindConfiguration(WechatHostOptions.SectionName);
        if (mode == WechatMode.Sandbox)
        {
            services.AddWechatSandbox();
            services.AddOptions<WechatSandboxOptions>()
                .BindConfiguration(WechatHostOptions.SandboxSectionName)
                .PostConfigure(GenerateMissingSecrets);
        }

        services.AddWechatClient();
        services.AddOptions<WechatOptions>().Configure<IServiceProvider>((options, sp) =>
        {
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
    private static void GenerateMissingSecrets(WechatSandboxOptions options)
    {
        foreach (var app in options.Apps.Where(a => string.IsNullOrEmpty(a.Secret)))
        {
            app.Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }
    }
}
