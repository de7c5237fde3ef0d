using System.Net;
using Elements.Diagnostics;
using Elements.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task A_broken_app_stops_the_start_with_its_diagnostics()
    {
        using var folder = TestAppFolder.Create().WithStandardElements();
        folder.Write("services/Broken/e.json", """{ "title": "Broken", "type": "services.NoSuchType" }""");

        var error = await Assert.ThrowsAsync<ElementLoadException>(() => TestHost.StartAsync(folder));

        Assert.Contains("services.NoSuchType", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_serves_the_reloaded_registry()
    {
        var folder = TestAppFolder.Create().WithStandardElements();
        await using var host = await TestHost.StartAsync(folder);
        using var before = await host.CallAsync("telemetry/services/Probe/ping", new { });

        folder.Write("telemetry/services/Probe/e.json", """
            { "title": "Probe", "type": "services.NormalType", "functionList": [{ "name": "ping", "args": [], "loginRequired": 0 }] }
            """);
        Assert.True(host.Services.GetRequiredService<ElementApp>().Reload().Succeeded);
        using var after = await host.CallAsync("telemetry/services/Probe/ping", new { });

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("\"pong\"", await after.Content.ReadAsStringAsync());
    }
}
