using Elements.Hosting;
using Elements.Hosting.AspNetCore;
using Elements.Hosting.AspNetCore.WeChat;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.Options;

namespace Elements.WeChatSandbox.Hosting;

/// <summary>
/// The WeChat sandbox inside an element host, for development and tests:
/// <c>builder.AddElementsHost(...).AddWeChatSandbox()</c>. In sandbox mode (<c>Elements:WeChat:Mode</c>, the default)
/// the sandbox runs in this process at WeChat's real paths with the apps and users of <c>Elements:WeChat:Sandbox</c>,
/// and the host's WeChat client calls it; in live mode this adds nothing. Elements keep their own appId and appSecret:
/// the sandbox's secrets reach them only through the placeholders of
/// <see cref="WeChatSandboxHostOptions.SandboxSecretVariables"/>, never by replacing what an element configured.
/// </summary>
public static class ElementsHostWeChatSandboxExtensions
{
    public static ElementsHostBuilder AddWeChatSandbox(this ElementsHostBuilder host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.WeChatMode != WeChatMode.Sandbox)
        {
            return host;
        }

        var services = host.Services;
        services.AddOptions<WeChatSandboxHostOptions>().BindConfiguration(WeChatSandboxHostOptions.SectionName);
        services.AddWeChatSandbox();
        services.AddOptions<WeChatSandboxOptions>()
            .BindConfiguration(WeChatSandboxHostOptions.SandboxSectionName)
            .PostConfigure<IOptions<WeChatSandboxHostOptions>>((sandbox, options) => SandboxSecrets.Assign(sandbox, options.Value));
        services.AddOptions<ElementsOptions>().Configure<IOptions<WeChatSandboxOptions>, IOptions<WeChatSandboxHostOptions>>(
            (elements, sandbox, options) => elements.Environment = SandboxSecrets.PlaceholdersFirst(elements.Environment, sandbox.Value, options.Value));
        services.AddSingleton<IElementsHostEndpoints, WeChatSandboxEndpoints>();
        return host;
    }
}
