using System.Security.Cryptography;
using Elements.WeChatSandbox.Client;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;

namespace Elements.Reliability.Tests.Support;

/// <summary>
/// One WeChat sandbox on loopback in the test process, standing for the WeChat every node of a deployment talks to.
/// It knows the sample app's three WeChat apps with fresh random secrets; <see cref="HostEnvironment"/> hands those to
/// the hosts through the variables the sample's element configs name (<c>{{WECHAT_MINI_SECRET}}</c>, ...).
/// </summary>
internal sealed class SharedSandbox : IAsyncDisposable
{
    public const string OfficialAppId = "wx0000000000demo01";
    public const string SecondOfficialAppId = "wx0000000000demo02";
    public const string MiniAppId = "wx0000000000demo03";

    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal)
    {
        ["WECHAT_OA_SECRET"] = NewSecret(),
        ["WECHAT_OA2_SECRET"] = NewSecret(),
        ["WECHAT_MINI_SECRET"] = NewSecret(),
    };

    private SharedSandbox(WeChatSandboxServer server) => Server = server;

    public WeChatSandboxServer Server { get; }

    public WeChatSandboxClient Control => Server.Control;

    public string BaseUrl => Server.BaseUrl;

    /// <summary>The secrets as environment variables for a host process.</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment => _secrets;

    public static async Task<SharedSandbox> StartAsync()
    {
        var sandbox = new SharedSandbox(await WeChatSandboxServer.StartAsync());
        var secrets = sandbox._secrets;
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = OfficialAppId,
            Secret = secrets["WECHAT_OA_SECRET"],
            Kind = SandboxAppKind.Official,
            OpenPlatformId = "demo-open-platform",
            // The tests send many messages per user: the per-interaction limit (45047) is not what they are about.
            MessagesPerInteraction = int.MaxValue,
        });
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = SecondOfficialAppId,
            Secret = secrets["WECHAT_OA2_SECRET"],
            Kind = SandboxAppKind.Official,
            OpenPlatformId = "demo-open-platform",
        });
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = MiniAppId,
            Secret = secrets["WECHAT_MINI_SECRET"],
            Kind = SandboxAppKind.Mini,
            OpenPlatformId = "demo-open-platform",
        });
        return sandbox;
    }

    /// <summary>Registers a WeChat user who has just written to the official account (so messages may be sent to them)
    /// and returns their openid in that account.</summary>
    public async Task<string> AddUserAsync(string userId)
    {
        await Control.RegisterUserAsync(new SandboxUserRegistration { UserId = userId, Nickname = userId });
        await Control.RecordInteractionAsync(OfficialAppId, userId);
        return (await Control.GetUserAsync(OfficialAppId, userId)).OpenId;
    }

    /// <summary>A wx.login code of the sample's mini program.</summary>
    public async Task<string> MintLoginCodeAsync(string userId) => (await Control.MintLoginCodeAsync(MiniAppId, userId)).Code;

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
