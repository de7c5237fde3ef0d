using Elements.WeChat.Client;
using Elements.WeChat.Configuration;
using Elements.WeChat.Tokens;

namespace Elements.WeChat.Tests.Support;

/// <summary>Starts a private, seeded sandbox for each test and a client harness on it.</summary>
public abstract class SandboxTestBase : IAsyncLifetime
{
    private readonly List<ClientHarness> _created = [];
    private ClientHarness? _harness;

    protected SandboxServer Sandbox { get; private set; } = null!;

    protected ClientHarness Harness => _harness!;

    protected IWeChatClient Client => Harness.Client;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxServer.StartAsync();
        await WeChatTestApps.SeedAsync(Sandbox);
        // Created eagerly: a lazy harness would race when concurrent callers first touch it.
        UseHarness();
    }

    /// <summary>Replaces the default harness (e.g. another token mode or a shared clock).</summary>
    protected ClientHarness UseHarness(Action<WeChatOptions>? configure = null, TimeProvider? timeProvider = null, IAccessTokenStore? store = null)
    {
        _harness = ClientHarness.Create(Sandbox, configure, timeProvider, store);
        _created.Add(_harness);
        return _harness;
    }

    public async Task DisposeAsync()
    {
        foreach (var harness in _created)
        {
            await harness.DisposeAsync();
        }

        await Sandbox.DisposeAsync();
    }
}
