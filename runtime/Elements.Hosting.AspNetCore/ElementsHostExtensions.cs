using Elements.Hosting.AspNetCore.Api;
using Elements.Hosting.AspNetCore.Auth;
using Elements.Hosting.AspNetCore.Console;
using Elements.Hosting.AspNetCore.Diagnostics;
using Elements.Hosting.AspNetCore.Errors;
using Elements.Hosting.AspNetCore.OpenApi;
using Elements.Hosting.AspNetCore.Security;
using Elements.Hosting.AspNetCore.Startup;
using Elements.Hosting.AspNetCore.WeChat;
using Elements.Scheduling.Configuration;
using Elements.Std.Auths;
using Elements.WeChat.Tokens;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;


namespace Elements.Hosting.AspNetCore;

/// <summary>
/// The reusable ASP.NET Core host of one element app, in two calls:
/// <code>
/// var builder = ElementsWebApplication.CreateBuilder(args); // settings reload without watching the app's database
/// builder.AddElementsHost(elements => elements.AddElementTypesFrom(typeof(Program).Assembly));
/// var app = builder.Build();
/// app.MapElements();
/// app.Run();
/// </code>
/// The app folder is <c>Elements:AppPath</c> (default: the content root). The host serves
/// <c>POST /api/{orgId}/{appName}/{element/path}/{function}</c> (sessions, roles, signed API clients), RFC 7807 errors
/// with stable codes, <c>/healthz</c>, metrics (<see cref="ElementsHostTelemetry"/>), security headers and per-client
/// rate limits. WeChat: the client that elements.std registers is configured from <c>Elements:WeChat</c> (live mode:
/// WeChat's URLs and <c>Elements:WeChat:Apps</c>; sandbox mode, the default: this host's own address or
/// <c>SandboxBaseUrl</c>), and WeChat's domain-verification files are served from <c>Elements:WeChat:VerifyFiles</c>.
/// The WeChat sandbox itself is not part of this library (a production host must not carry it): add it with the
/// separately referenced add-on <c>Elements.WeChatSandbox.Hosting</c> (<c>builder.AddElementsHost().AddWeChatSandbox()</c>;
/// its endpoints come with <see cref="MapElements"/> through <see cref="IElementsHostEndpoints"/>). App-specific
/// endpoints are mapped by the app on the group <see cref="MapElements"/> returns or beside it. The scheduler (Quartz.NET in the
/// app's database, <c>Elements:Scheduler</c>, docs/scheduling.md) runs in the host unless <c>Elements:Scheduler:Enabled</c> is false.
/// </summary>
public static class ElementsHostExtensions
{
    /// <summary>Where the host listens when neither <c>urls</c> (ASPNETCORE_URLS, --urls), <c>http_ports</c> nor
    /// <c>Kestrel:Endpoints</c> is configured: loopback only, because sandbox mode exposes a WeChat control API.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string HealthPath = "/healthz";

    /// <summary>The OpenAPI document's name: served at <c>/openapi/v1.json</c>.</summary>
    public const string OpenApiDocumentName = "v1";

    /// <summary>Configuration of the key that encrypts secrets stored in model rows (<c>Key</c>: 32 bytes in Base64).</summary>
    public const string FieldProtectionSection = "Elements:FieldProtection";

    /// <summary>Registers the element host's services. Services registered before this call win where the host uses
    /// TryAdd (e.g. an <see cref="ISessionValidator"/> or an <see cref="IAccessTokenStore"/>).</summary>
    /// <param name="configureElements">Adds element classes or libraries (e.g. <c>AddElementTypesFrom</c>).</param>
    public static ElementsHostBuilder AddElementsHost(this WebApplicationBuilder builder, Action<ElementsBuilder>? configureElements = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddHostLogFilters(configuration);
        var services = builder.Services;
        // Looked at before the client's defaults are added: a store registered earlier is the embedding code's choice.
        var ownTokenStore = services.Any(d => d.ServiceType == typeof(IAccessTokenStore));
        services.AddOptions<ElementsHostOptions>().BindConfiguration(ElementsHostOptions.SectionName);
        // The element API described at /openapi/v1.json (OpenApiEndpoints): ASP.NET Core's document of the host's
        // endpoints with the registry's functions put in (ElementApiDescriber), cached per registry generation.
        services.AddOpenApi(OpenApiDocumentName, o =>
        {
            // The API is what lives under /api: static files, WeChat's verify files and the sandbox's WeChat
            // impersonation are served beside it, but no client of the app calls them.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<ElementsDocumentTransformer>();
        });
        services.TryAddSingleton<ElementApiDescriber>();
        services.TryAddSingleton<OpenApiDocumentCache>();
        services.AddOptions<OpenApiHostOptions>().BindConfiguration(OpenApiHostOptions.SectionName);
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
        var mode = configuration.GetSection(WeChatHostOptions.SectionName).GetValue(nameof(WeChatHostOptions.Mode), WeChatMode.Sandbox);
        WeChatHostSetup.AddWeChat(services, configuration, mode, ownTokenStore);

        // A development host (or one impersonating WeChat, which no production host does) shows its whole API.
        var development = builder.Environment.IsDevelopment() || mode == WeChatMode.Sandbox;
        services.TryAddSingleton(sp => OpenApiSwitches.Decide(sp.GetRequiredService<IOptions<OpenApiHostOptions>>().Value, development));
        services.TryAddSingleton<ISessionValidator, ElementSessionValidator>();
        services.TryAddSingleton<CallAuthorizer>();
        services.TryAddSingleton<ElementApiMetrics>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ElementExceptionHandler>();
        services.AddClientRateLimiting();
        services.AddHealthChecks().AddCheck<ElementAppHealthCheck>("elements").AddCheck<DatabaseHealthCheck>("database");
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HostBannerOptions>();
        services.AddHostedService<ElementAppLoader>();
        // After the loader: the scheduler's tables live in the app's database, and its jobs come from the app's
        // elements. Elements:Scheduler:Enabled = false leaves it out (a web node that only serves requests).
        if (configuration.GetSection(SchedulerOptions.SectionName).GetValue(nameof(SchedulerOptions.Enabled), true))
        {
            services.AddElementsScheduler();
        }

        // The console (/console): its API's services; the pages are embedded. Elements:Console:Enabled = false leaves it out.
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName);
        services.TryAddSingleton<ConsoleGate>();
        services.TryAddSingleton<ElementCatalog>();
        services.TryAddSingleton<ConsoleHealth>();
        services.TryAddSingleton<ConsoleMetrics>();
        services.TryAddSingleton<ConsoleTasks>();
        services.TryAddSingleton<ConsoleEvents>();
        services.TryAddSingleton<SandboxSignInLink>();
        services.TryAddSingleton<ConsoleAdminAccount>();
        services.AddHostedService<ConsoleMonitors>();

        services.AddHostedService<StartupBanner>();
        return new ElementsHostBuilder(builder, elements, mode);
    }

    /// <summary>
    /// Adds the host's middleware (request log, security headers, problem details, rate limiter) and maps
    /// <c>/healthz</c>, WeChat's verification files, the element API and the endpoints of add-ons
    /// (<see cref="IElementsHostEndpoints"/>). Returns the route group of the per-client
    /// rate limit (policy <c>elements-client</c>, <c>Elements:RateLimit</c>) so the app maps its own client-facing endpoints
    /// under the same limit: <c>app.MapElements().MapGet("/api/mine", ...)</c>.
    /// </summary>
    public static RouteGroupBuilder MapElements(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestLogging();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        var console = app.Configuration.GetSection(ConsoleOptions.SectionName).GetValue(nameof(ConsoleOptions.Enabled), true);
        if (console)
        {
            app.UseElementsConsole();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CrossOriginGuardMiddleware>();

        app.UseRateLimiter();

        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapWeChatVerifyFiles();
        // Per-client limits on what a client can call at will; /healthz and the verification files are not limited.
        var limited = app.MapGroup("").RequireRateLimiting(ClientRateLimiting.PolicyName);
        limited.MapElementApi();
        limited.MapElementsOpenApi();
        if (console)
        {
            limited.MapElementsConsole(app.Services.GetRequiredService<IOptions<WeChatHostOptions>>().Value.Mode);
        }

        if (app.Services.GetRequiredService<OpenApiSwitches>() is { Reference: true } switches)
        {
            app.MapApiReference(switches.ReferencePath);
        }

        foreach (var addOn in app.Services.GetServices<IElementsHostEndpoints>())
        {
            addOn.Map(app);
        }

        return limited;
    }
}
