using Elements.Client;
using Elements.Host;
using Elements.Hosting.AspNetCore.Startup;
using Elements.Testing.Files;
using Elements.Testing.Repository;
using Elements.WeChatSandbox.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Clients.Tests.Support;

/// <summary>
/// The sample app's real host (<see cref="ElementsHost.Build(WebApplicationOptions, Action{WebApplicationBuilder}?, Action{Hosting.ElementsBuilder}?)"/>,
/// as <c>dotnet run --project app</c> runs it) on a throwaway copy of <c>app/</c>, on Kestrel at 127.0.0.1 with a free
/// port: a fresh SQLite database and the in-process WeChat sandbox with its demo apps and users.
/// </summary>
internal sealed class SampleAppHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _root;

    private SampleAppHost(WebApplication app, TempDirectory root)
    {
        _app = app;
        _root = root;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
        Sandbox = new WeChatSandboxClient(Http);
    }

    /// <summary>A client of the host: its BaseAddress is the host's root.</summary>
    public HttpClient Http { get; }

    /// <summary>The in-process sandbox's control API (<c>/sandbox/...</c>): mints wx.login codes, injects faults.</summary>
    public WeChatSandboxClient Sandbox { get; }

    /// <summary>The generated client on <see cref="Http"/>, anonymous or with a session token.</summary>
    public ElementsApiClient Client(string? token = null) => ElementsClientFactory.Create(Http, token);

    public static async Task<SampleAppHost> StartAsync()
    {
        var root = TempDirectory.Create("elements-clients-tests");
        SampleApp.CopyHostContentTo(root.Path);
        var app = ElementsHost.Build(
            new WebApplicationOptions { ContentRootPath = root.Path, Args = ["--urls=http://127.0.0.1:0"] },
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.Configure<HostBannerOptions>(o => o.Output = TextWriter.Null);
            });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            root.Dispose();
            throw;
        }

        return new SampleAppHost(app, root);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _root.Dispose();
    }
}
