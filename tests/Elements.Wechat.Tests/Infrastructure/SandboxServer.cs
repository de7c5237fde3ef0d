using Elements.WechatSandbox;

namespace Elements.Wechat.Tests.Infrastructure;

/// <summary>A private sandbox per test (state and clock), on real Kestrel via <see cref="WechatSandboxServer"/>.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WechatSandboxServer _server;

    private SandboxServer(WechatSandboxServer server) => _server = server;

    public Uri BaseUri => _server.BaseUri;

    public string BaseUrl => _server.BaseUrl;

    public WechatSandboxClient Control => _server.Control;

    public SandboxClock Clock => _server.Clock;

    public static async Task<SandboxServer> StartAsync() => new(await WechatSandboxServer.StartAsync());

    /// <summary>A raw HttpClient on the sandbox, not following redirects (for wire-format and page checks).</summary>
    public HttpClient CreateRawClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUri };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
