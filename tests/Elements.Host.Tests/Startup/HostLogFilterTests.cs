using Elements.Host.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Host.Tests.Startup;

/// <summary>
/// Polly's resilience telemetry logs every WeChat call's attempt at Information; the host caps that category at
/// Warning, so a login writes no log line at the shipped level, unless the app's configuration names the category.
/// </summary>
public sealed class HostLogFilterTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("Information", true)]
    public async Task Polly_attempts_are_not_logged_per_call_unless_the_app_asks_for_them(string? configured, bool informationEnabled)
    {
        using var folder = TestAppFolder.Create().WithStandardElements();
        string[] args = ["--urls=http://127.0.0.1:0", $"--Elements:AppPath={folder.Root}", "--Logging:LogLevel:Default=Information"];
        if (configured is not null)
        {
            args = [.. args, $"--Logging:LogLevel:Polly={configured}"];
        }

        await using var app = ElementsHost.Build(new WebApplicationOptions { ContentRootPath = folder.Container, Args = args });

        var polly = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly");
        Assert.Equal(informationEnabled, polly.IsEnabled(LogLevel.Information));
        Assert.True(polly.IsEnabled(LogLevel.Warning));
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Elements.Std.Auths.OneTimeCodes").IsEnabled(LogLevel.Information));
    }
}
