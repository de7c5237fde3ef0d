using Elements.Hosting.AspNetCore;

namespace Elements.WeChatSandbox.Hosting;

/// <summary>Mounts the sandbox at WeChat's real paths: the consent page posts to an absolute <c>/connect/...</c> path,
/// so a prefix would break it.</summary>
internal sealed class WeChatSandboxEndpoints : IElementsHostEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapWeChatSandbox();
}
