using Elements.Host.Linking;
using Elements.Host.OpenApi;
using Elements.Host.Page;
using Elements.Host.Profiles;
using Elements.Hosting;
using Elements.Hosting.AspNetCore;
using Elements.WeChatSandbox.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Elements.Host;

/// <summary>
/// The sample app's web host: the reusable element host (<see cref="ElementsHostExtensions.AddElementsHost"/>,
/// <see cref="ElementsHostExtensions.MapElements"/>) plus what only this app has: the WeChat sandbox add-on, the
/// linking flow, profiles and the try-it page. <c>Program.cs</c> calls <see cref="Build(string[])"/>; tests and the
/// bench call <see cref="Build(WebApplicationOptions, Action{WebApplicationBuilder}?, Action{ElementsBuilder}?)"/> with
/// their own content root, configuration and element classes, and start it on <c>http://127.0.0.1:0</c>.
/// </summary>
public static class ElementsHost
{
    /// <summary><see cref="ElementsHostExtensions.HealthPath"/>, kept for the bench and tests.</summary>
    public const string HealthPath = ElementsHostExtensions.HealthPath;

    public static WebApplication Build(string[] args) => Build(new WebApplicationOptions { Args = args });

    /// <param name="options">Args, content root (the app folder unless <c>Elements:AppPath</c> says otherwise), environment.</param>
    /// <param name="configureHost">Runs first: add configuration sources, logging, or services that replace defaults
    /// registered with TryAdd (e.g. an <c>ISessionValidator</c> or an <see cref="IProfileStore"/>).</param>
    /// <param name="configureElements">Adds element classes or libraries (e.g. <c>AddElementTypesFrom</c>).</param>
    public static WebApplication Build(
        WebApplicationOptions options,
        Action<WebApplicationBuilder>? configureHost = null,
        Action<ElementsBuilder>? configureElements = null)
    {
        // Settings files reload by polling them, not by watching the content root, where the app's database lives.
        var builder = ElementsWebApplication.CreateBuilder(options);
        configureHost?.Invoke(builder);
        builder.AddElementsHost(configureElements).AddWeChatSandbox();
        AddSampleServices(builder.Services);

        var app = builder.Build();
        var limited = app.MapElements();
        app.MapPage();
        limited.MapLinking();
        limited.MapProfiles();
        return app;
    }

    private static void AddSampleServices(IServiceCollection services)
    {
        services.Configure<ElementsHostOptions>(o =>
        {
            o.ErrorStatuses[ProfileErrorCodes.FilterRequired] = StatusCodes.Status400BadRequest;
            o.ErrorStatuses[ProfileErrorCodes.NotFound] = StatusCodes.Status404NotFound;
        });
        services.AddHostTags();
        services.AddOptions<LinkingOptions>().BindConfiguration(LinkingOptions.SectionName);
        services.TryAddSingleton<IProfileStore, ModelProfileStore>();
        services.AddSingleton<LinkRequestStore>();
        services.AddSingleton<LinkingMetrics>();
    }
}
