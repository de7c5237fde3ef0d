using Elements.WeChatSandbox.Control;
using Elements.WeChatSandbox.OAuth;
using Elements.WeChatSandbox.Server;
using Elements.WeChatSandbox.Wire;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Routing;

public static class WeChatSandboxEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps WeChat's API paths (<c>/sns/…</c>, <c>/cgi-bin/…</c>, <c>/wxa/…</c>), the consent page
    /// <c>/connect/oauth2/authorize</c> and the control API (<c>/sandbox/…</c>) onto the app, at WeChat's real paths
    /// so a client only changes its base URLs.
    /// </summary>
    public static IEndpointRouteBuilder MapWeChatSandbox(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<WeChatSandboxOptions>>().Value;
        WeChatApiEndpoints.Map(endpoints);
        AuthorizePage.Map(endpoints);
        ControlApiEndpoints.Map(endpoints, options.ControlPrefix);
        return endpoints;
    }
}
