using System.Net;
using Elements.Host.Tests.Support;
using Elements.Wechat;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests;

/// <summary>The repository's own <c>app/</c> folder with its committed appsettings.json, as <c>dotnet run --project app</c>
/// serves it (but on a free port).</summary>
public sealed class SampleAppTests
{
    [Fact]
    public async Task Sample_app_starts_with_demo_wechat_apps_whose_generated_secrets_work()
    {
        await using var host = await TestHost.StartAsync(FindAppFolder(), new Dictionary<string, string?>());

        using var health = await host.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("demo.SampleApp", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("/api/demo/SampleApp/", host.Banner.ToString(), StringComparison.Ordinal);

        // The demo mini program and user from appsettings.json, through the client the elements use.
        var code = await host.Sandbox.MintLoginCodeAsync("wx0000000000demo03", "alice");
        var session = await host.Services.GetRequiredService<IWechatClient>().Code2SessionAsync("wx0000000000demo03", code.Code);
        Assert.Equal((await host.Sandbox.GetUserAsync("wx0000000000demo03", "alice")).OpenId, session.OpenId);
        Assert.NotNull(session.UnionId);
    }

    private static string FindAppFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elements.sln")))
            {
                return Path.Combine(dir.FullName, "app");
            }
        }

        throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
    }
}
