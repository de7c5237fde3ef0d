using Elements.Activation;
using Elements.WeChat.Client;

namespace Elements.Host.Tests.TestElements;

/// <summary>Calls the real WeChat client from an element, so a test can follow a request from the element API through
/// the client to the sandbox mounted in the same host.</summary>
[ElementType("services.MiniLogin")]
public sealed class MiniLoginService(IWeChatClient wechat)
{
    public async Task<string> OpenId(string appId, string code, CancellationToken cancellationToken) =>
        (await wechat.Code2SessionAsync(appId, code, cancellationToken)).OpenId;
}
