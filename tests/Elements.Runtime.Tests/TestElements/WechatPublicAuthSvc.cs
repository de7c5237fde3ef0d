using System.Text.Json.Nodes;
using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

/// <summary>A Type's child service: reached through an Instance, it reads the owning Instance's config.</summary>
[ElementType("auths.loginTypes.TestPublicType.services.WechatPublicAuthSvc")]
public sealed class WechatPublicAuthSvc(ElementContext context)
{
    public ElementContext Context => context;

    public async Task<JsonObject> GetUserInfoAsync(string code)
    {
        await Task.Yield();
        return new JsonObject { ["openid"] = "openid-" + code, ["appId"] = context.Owner?.Config["appId"]?.GetValue<string>() };
    }

    public Dictionary<string, object?> GetAccessToken(string code) => new()
    {
        ["access_token"] = "token-" + code,
        ["expires_in"] = 7200,
    };
}
