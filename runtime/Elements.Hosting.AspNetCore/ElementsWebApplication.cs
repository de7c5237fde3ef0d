using Elements.Hosting.AspNetCore.Startup;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Elements.Hosting.AspNetCore;

/// <summary>
/// <see cref="WebApplication.CreateBuilder(WebApplicationOptions)"/> for an element host, with one difference: the
/// settings files (<c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>, user secrets) still reload on
/// change, but by polling those files (every 4 s, <see cref="PhysicalFileProvider.UsePollingFileWatcher"/> with
/// <see cref="PhysicalFileProvider.UseActivePolling"/>) instead of through the content root's
/// <see cref="FileSystemWatcher"/>. That watcher is recursive, and an element app keeps its database under the content
/// root (<c>appData/app.db</c>): every WAL write of every request would wake it, only for it to find that no settings
/// file changed. <c>hostBuilder:reloadConfigOnChange=false</c> (command line or <c>DOTNET_</c> environment) still
/// turns reloading off altogether.
/// </summary>
public static class ElementsWebApplication
{
    /// <summary>The host configuration key that ASP.NET Core reads to decide whether settings files reload.</summary>
    private const string ReloadKey = "hostBuilder:reloadConfigOnChange";

    public static WebApplicationBuilder CreateBuilder(string[] args) => CreateBuilder(new WebApplicationOptions { Args = args });

    public static WebApplicationBuilder CreateBuilder(WebApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Read from the same places the host reads it (the DOTNET_/ASPNETCORE_ environment, then the command line).
        var hostSettings = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(options.Args ?? [])
            .Build();
        var reload = hostSettings.GetValue(ReloadKey, true);

        // The defaults then add the settings files without watching: no watcher on the content root ever starts.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. options.Args ?? [], $"--{ReloadKey}=false"],
            ApplicationName = options.ApplicationName,
            ContentRootPath = options.ContentRootPath,
            EnvironmentName = options.EnvironmentName,
            WebRootPath = options.WebRootPath,
        });
        if (reload)
        {
            PollSettingsFiles(builder);
        }

        return builder;
    }

    private static void PollSettingsFiles(WebApplicationBuilder builder)
    {
        IConfigurationBuilder configuration = builder.Configuration;
        var providers = new Dictionary<string, PhysicalFileProvider>(StringComparer.Ordinal);
        for (var i = 0; i < configuration.Sources.Count; i++)
        {
            if (configuration.Sources[i] is not JsonConfigurationSource { FileProvider: PhysicalFileProvider physical, Path: { } path } source)
            {
                continue;
            }

            if (!providers.TryGetValue(physical.Root, out var polling))
            {
                polling = new PhysicalFileProvider(physical.Root) { UsePollingFileWatcher = true, UseActivePolling = true };
                providers.Add(physical.Root, polling);
            }

            // Replacing the source in place keeps its precedence; the configuration reloads it from the new provider.
            configuration.Sources[i] = new JsonConfigurationSource
            {
                FileProvider = polling,
                Path = path,
                Optional = source.Optional,
                ReloadOnChange = true,
                ReloadDelay = source.ReloadDelay,
                OnLoadException = source.OnLoadException,
            };
        }

        if (providers.Count > 0)
        {
            builder.Services.AddSingleton<IHostedService>(_ => new PolledSettingsFiles([.. providers.Values]));
        }
    }
}
