using Elements.WeChat.Configuration;
using Elements.WeChat.Errors;
using Elements.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.WeChat.Tests.Client;

public sealed class AppRegistryTests : SandboxTestBase
{
    [Fact]
    public async Task An_app_registered_at_run_time_can_call_wechat()
    {
        // The harness configures only the seeded apps through options; this one arrives the way an element's config does.
        await Sandbox.Control.RegisterAppAsync(new Elements.WeChatSandbox.Contracts.SandboxAppRegistration
        {
            AppId = "wxruntime0000000009",
            Secret = "runtime-secret",
            Kind = Elements.WeChatSandbox.Contracts.SandboxAppKind.Mini,
        });
        await Sandbox.Control.RegisterUserAsync(new Elements.WeChatSandbox.Contracts.SandboxUserRegistration { UserId = "carol" });
        var code = await Sandbox.Control.MintLoginCodeAsync("wxruntime0000000009", "carol");

        await Assert.ThrowsAsync<WeChatAppNotConfiguredException>(() => Client.Code2SessionAsync("wxruntime0000000009", code.Code));

        Harness.Services.GetRequiredService<WeChatAppRegistry>().Register(new WeChatAppOptions
        {
            AppId = "wxruntime0000000009",
            AppSecret = "runtime-secret",
            ApiBaseUrl = Sandbox.BaseUrl,
        });
        var session = await Client.Code2SessionAsync("wxruntime0000000009", code.Code);

        Assert.False(string.IsNullOrEmpty(session.OpenId));
    }
}
