using Elements.Hosting;
using Elements.Host.Api;
using Elements.Host.Auth;
using Elements.Host.Diagnostics;
using Elements.Host.Errors;
using Elements.Host.Linking;
using Elements.Host.Profiles;
using Elements.Host.Security;
using Elements.Host.Startup;
using Elements.Host.Wechat;
using Elements.Std.Auths;
using Elements.Wechat;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Elements.Host;

/// <summary>
/// Builds the Elements web host: element function API, health, WeChat domain verification and, in sandbox mode, the
/// WeChat sandbox in-process. <c>Program.cs</c> calls <see cref="Build(string[])"/>; tests call
/// <see cref="Build(WebApplicationOptions, Action{WebApplicationBuilder}?, Action{ElementsBuilder}?)"/> with their own
/// content root, configuration and element classes, and start it on <c>http://127.0.0.1:0</c>.
/// </summary>
public static class ElementsHost
{
    /// <summary>Where the host listens when neither <c>urls</c> (ASPNETCORE_URLS, --urls), <c>http_ports</c> nor
    /// <c>Kestrel:Endpoints</c> is configured: loopback only, because sandbox mode exposes a WeChat control API.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string HealthPath = "/healthz";

    /// <summary>Configuration of the key that encrypts secrets stored in model rows (<c>Key</c>: 32 bytes in Base64).</summary>
    public const string FieldProtectionSection = "Elements:FieldProtection";

    public static WebApplication Build(string[] args) => Build(new WebApplicationOptions { Args = args });

    /// <param name="options">Args, content root (the app folder unless <c>Elements:AppPath</c> says otherwise), environment.</param>
    /// <param name="configureHost">Runs first: add configuration sources, logging, or services that replace defaults
    /// registered with TryAdd (e.g. an <see cref="ISessionValidator"/>).</param>
    /// <param name="configureElements">Adds element classes or libraries (e.g. <c>AddElementTypesFrom</c>).</param>
    public static WebApplication Build(
        WebApplicationOptions options,
        Action<WebApplicationBuilder>? configureHost = null,
        Action<ElementsBuilder>? configureElements = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        configureHost?.Invoke(builder);
        var mode = AddElementsHost(builder, configureElements);
        var app = builder.Build();
        UseElementsHost(app, mode);
        return app;
    }

    private static WechatMode AddElementsHost(WebApplicationBuilder builder, Action<ElementsBuilder>? configureElements)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddRequestLogging();
        var services = builder.Services;
        // Looked at before the client's defaults are added: a store registered by configureHost is the host's choice.
        var ownTokenStore = services.Any(d => d.ServiceType == typeof(IAccessTokenStore));
        services.AddOptions<ElementsHostOptions>().BindConfiguration(ElementsHostOptions.SectionName);
        // C# in the app's element folders is compiled by the runtime at load and on every hot reload.
        var elements = services.AddElements().AddStdElements().AddCompiledElementCode();
        services.AddOptions<ElementsOptions>().Configure<IOptions<ElementsHostOptions>, IHostEnvironment>((o, host, env) =>
        {
            o.AppPath = Path.GetFullPath(string.IsNullOrEmpty(host.Value.AppPath) ? "." : host.Value.AppPath, env.ContentRootPath);
            o.Watch = host.Value.Watch;
        });
        configureElements?.Invoke(elements);

        // Nodes sharing one database must encrypt stored secrets with one key (FieldProtectionOptions explains the
        // fallback key file, which suits a single machine only).
        services.AddOptions<FieldProtectionOptions>().BindConfiguration(FieldProtectionSection);

        // The mode decides which endpoints exist, so it is read now rather than through options later.
        var mode = configuration.GetSection(WechatHostOptions.SectionName).GetValue(nameof(WechatHostOptions.Mode), WechatMode.Sandbox);
        WechatHostSetup.AddWechat(services, configuration, mode, ownTokenStore);

        services.TryAddSingleton<ISessionValidator, ElementSessionValidator>();
        services.AddSingleton<CallAuthorizer>();
        services.AddSingleton<ElementApiMetrics>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ElementExceptionHandler>();
        services.AddClientRateLimiting();
        services.AddHealthChecks().AddCheck<ElementAppHealthCheck>("elements").AddCheck<DatabaseHealthCheck>("database");
        services.AddOptions<LinkingOptions>().BindConfiguration(LinkingOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProfileStore, ModelProfileStore>();
        services.AddSingleton<LinkRequestStore>();
        services.AddSingleton<LinkingMetrics>();
        services.AddOptions<HostBannerOptions>();
        services.AddHostedService<ElementAppLoader>();
        services.AddHostedService<StartupBanner>();
        return mode;
    }

    private static void UseElementsHost(WebApplication app, WechatMode mode)
    {
        app.UseRequestLogging();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseRateLimiter();

        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapPage();
        // Per-client limits on what a client can call at will; /healthz, the page and the sandbox are not limited.
        var limited = app.MapGroup("").RequireRateLimiting(ClientRateLimiting.PolicyName);
        limited.MapLinking();
        limited.MapProfiles();
        limited.MapElementApi();
        app.MapWechatVerifyFiles();
        if (mode == WechatMode.Sandbox)
        {
            // At WeChat's real paths: the consent page posts to an absolute /connect/... path, so a prefix would break it.
            app.MapWechatSandbox();
        }
    }
}
