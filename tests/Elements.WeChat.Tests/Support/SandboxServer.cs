using Elements.WeChatSandbox.Client;
using Elements.WeChatSandbox.Clock;
using Elements.WeChatSandbox.Server;

namespace Elements.WeChat.Tests.Support;

/// <summary>A private sandbox per test (state and clock), on real Kestrel via <see cref="WeChatSandboxServer"/>.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WeChatSandboxServer _server;

    private SandboxServer(WeChatSandboxServer server) => _server = server;

    public Uri BaseUri => _server.BaseUri;

    public string BaseUrl => _server.BaseUrl;

    public WeChatSandboxClient Control => _server.Control;

    public SandboxClock Clock => _server.Clock;

    public static async Task<SandboxServer> StartAsync() => new(await WeChatSandboxServer.StartAsync());

    /// <summary>A raw HttpClient on the sandbox, not following redirects (for wire-format and page checks).</summary>
    public HttpClient CreateRawClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUri };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
