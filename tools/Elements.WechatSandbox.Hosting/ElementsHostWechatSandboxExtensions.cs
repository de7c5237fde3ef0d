using Elements.Hosting;
using Elements.Hosting.AspNetCore;
using Elements.Hosting.AspNetCore.Wechat;
using Microsoft.Extensions.Options;

namespace Elements.WechatSandbox.Hosting;

/// <summary>
/// The WeChat sandbox inside an element host, for development and tests:
/// <c>builder.AddElementsHost(...).AddWechatSandbox()</c>. In sandbox mode (<c>Elements:Wechat:Mode</c>, the default)
/// the sandbox runs in this process at WeChat's real paths with the apps and users of <c>Elements:Wechat:Sandbox</c>,
/// and the host's WeChat client calls it; in live mode this adds nothing. Elements keep their own appId and appSecret:
/// the sandbox's secrets reach them only through the placeholders of
/// <see cref="WechatSandboxHostOptions.SandboxSecretVariables"/>, never by replacing what an element configured.
/// </summary>
public static class ElementsHostWechatSandboxExtensions
{
    public static ElementsHostBuilder AddWechatSandbox(this ElementsHostBuilder host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.WechatMode != WechatMode.Sandbox)
        {
            return host;
        }

        var services = host.Services;
        services.AddOptions<WechatSandboxHostOptions>().BindConfiguration(WechatSandboxHostOptions.SectionName);
        services.AddWechatSandbox();
        services.AddOptions<WechatSandboxOptions>()
            .BindConfiguration(WechatSandboxHostOptions.SandboxSectionName)
            .PostConfigure<IOptions<WechatSandboxHostOptions>>((sandbox, options) => SandboxSecrets.Assign(sandbox, options.Value));
        services.AddOptions<ElementsOptions>().Configure<IOptions<WechatSandboxOptions>, IOptions<WechatSandboxHostOptions>>(
            (elements, sandbox, options) => elements.Environment = SandboxSecrets.PlaceholdersFirst(elements.Environment, sandbox.Value, options.Value));
        services.AddSingleton<IElementsHostEndpoints, WechatSandboxEndpoints>();
        return host;
    }
}
