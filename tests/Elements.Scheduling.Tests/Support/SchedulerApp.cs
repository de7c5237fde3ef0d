using System.Text.Json.Nodes;
using Elements.Hosting.AspNetCore;
using Elements.Scheduling.Tests.TestElements;
using Elements.Testing.Files;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Elements.Scheduling.Tests.Support;

/// <summary>A temp app folder served by the real host (AddElementsHost: the scheduler included) at 127.0.0.1:0.</summary>
internal sealed class SchedulerApp : IAsyncDisposable
{
    private SchedulerApp(TempDirectory folder, string root)
    {
        Folder = folder;
        Root = root;
    }

    public TempDirectory Folder { get; }

    public string Root { get; }

    public WebApplication? Host { get; private set; }

    public ElementApp App => Host!.Services.GetRequiredService<ElementApp>();

    public static SchedulerApp Create()
    {
        var folder = TempDirectory.Create("elements-scheduling");
        var root = Path.Combine(folder.Path, "app");
        AppFiles.WriteManifest(root, "acme.Clock", "Clock");
        // The Type every tick instance uses (class Tick), so that each instance is a scheduled element of its own.
        AppFiles.WriteElement(root, "services.TickType", """{"title": "Tick", "type": "services.Meta"}""");
        return new SchedulerApp(folder, root);
    }

    public void WriteTick(string name, TickConfig config) =>
        AppFiles.WriteElement(Root, $"services.{name}", """{"title": "Tick", "type": "services.TickType"}""", $"{name}.json",
            new JsonObject
            {
                ["probeId"] = config.ProbeId,
                ["intervalMs"] = config.IntervalMs,
                ["enable"] = config.Enable,
                ["calendar"] = config.Calendar,
            }.ToJsonString());

    public async Task StartAsync(Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Root, Args = ["--urls=http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Elements:AppPath"] = Root });
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.AddElementsHost(elements => elements.AddElementTypesFrom(typeof(Tick).Assembly));
        Host = builder.Build();
        Host.MapElements();
        await Host.StartAsync();
    }

    /// <summary>Stops the host (as a deployment stops it); <see cref="StartAsync"/> may start a new one on the same folder.</summary>
    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.StopAsync();
            await Host.DisposeAsync();
            Host = null;
        }
    }

    public async Task<IScheduler> SchedulerAsync() => await Host!.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Folder.Dispose();
    }
}
