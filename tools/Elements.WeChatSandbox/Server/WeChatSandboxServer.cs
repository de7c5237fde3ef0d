using Elements.WeChatSandbox.Client;
using Elements.WeChatSandbox.Clock;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Elements.WeChatSandbox.Server;

/// <summary>
/// The sandbox on real Kestrel inside the calling process, for test suites: by default on 127.0.0.1 with a free
/// port, so parallel tests each get a private WeChat with its own state and clock.
/// </summary>
public sealed class WeChatSandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private WeChatSandboxServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        _http = new HttpClient { BaseAddress = baseUri };
        Control = new WeChatSandboxClient(_http);
    }

    /// <summary>The root address, with a trailing slash (http://127.0.0.1:PORT/).</summary>
    public Uri BaseUri { get; }

    /// <summary>The root address without trailing slash: the client's <c>apiBaseUrl</c> and <c>openBaseUrl</c>.</summary>
    public string BaseUrl => BaseUri.ToString().TrimEnd('/');

    public WeChatSandboxClient Control { get; }

    /// <summary>The sandbox's virtual clock; hand it to a client as its TimeProvider to share the sandbox's time.</summary>
    public SandboxClock Clock => _app.Services.GetRequiredService<SandboxClock>();

    public IServiceProvider Services => _app.Services;

    public static async Task<WeChatSandboxServer> StartAsync(Action<WeChatSandboxOptions>? configure = null, string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddWeChatSandbox(configure);
        var app = builder.Build();
        app.Urls.Add(url);
        app.MapWeChatSandbox();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WeChatSandboxServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
