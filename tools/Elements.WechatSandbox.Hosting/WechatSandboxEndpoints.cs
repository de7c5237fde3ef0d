using Elements.Hosting.AspNetCore;

namespace Elements.WechatSandbox.Hosting;

/// <summary>Mounts the sandbox at WeChat's real paths: the consent page posts to an absolute <c>/connect/...</c> path,
/// so a prefix would break it.</summary>
internal sealed class WechatSandboxEndpoints : IElementsHostEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapWechatSandbox();
}
