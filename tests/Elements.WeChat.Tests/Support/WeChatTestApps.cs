using Elements.WeChatSandbox.Contracts;

namespace Elements.WeChat.Tests.Support;

/// <summary>Ready-made sandbox registrations: an official account, a mini program bound to an open platform, users.</summary>
public static class WeChatTestApps
{
    public const string OfficialAppId = "wxofficial000000001";
    public const string OfficialSecret = "official-secret-9f8e7d6c5b4a39281706";
    public const string MiniAppId = "wxmini0000000000002";
    public const string MiniSecret = "mini-secret-0a1b2c3d4e5f60718293";
    public const string OtherMiniAppId = "wxmini0000000000003";
    public const string OtherMiniSecret = "other-mini-secret-55aa66bb77cc88dd";
    public const string OpenPlatform = "open-platform-1";
    public const string Alice = "alice";
    public const string Bob = "bob";

    public static async Task SeedAsync(SandboxServer sandbox)
    {
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = OfficialAppId,
            Secret = OfficialSecret,
            Kind = SandboxAppKind.Official,
            Name = "Elements Demo",
            RedirectDomains = ["app.example.com", "localhost:5000"],
        });
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = MiniAppId,
            Secret = MiniSecret,
            Kind = SandboxAppKind.Mini,
            OpenPlatformId = OpenPlatform,
        });
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = OtherMiniAppId,
            Secret = OtherMiniSecret,
            Kind = SandboxAppKind.Mini,
            OpenPlatformId = OpenPlatform,
        });
        await sandbox.Control.RegisterUserAsync(new SandboxUserRegistration
        {
            UserId = Alice,
            Nickname = "爱丽丝",
            HeadImgUrl = "https://thirdwx.qlogo.cn/mmopen/alice/132",
            Sex = 2,
            Province = "Guangdong",
            City = "Shenzhen",
            Country = "CN",
            Phone = "13800138000",
        });
        await sandbox.Control.RegisterUserAsync(new SandboxUserRegistration { UserId = Bob, Nickname = "Bob", Sex = 1, Country = "CN" });
    }
}
