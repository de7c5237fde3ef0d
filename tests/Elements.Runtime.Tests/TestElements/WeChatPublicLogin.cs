using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

[ElementType("auths.loginTypes.TestPublicType", ConfigType = typeof(WeChatPublicConfig))]
public sealed class WeChatPublicLogin(ElementContext context, WeChatPublicConfig config)
{
    public ElementContext Context => context;

    public WeChatPublicConfig Config => config;

    public string Login(string redirectUrl) =>
        $"https://open.weixin.qq.com/connect/oauth2/authorize?appid={config.AppId}&redirect_uri={redirectUrl}&scope={config.Scope}";

    public bool IsWeChatBrowser() => false;

    // Simulates a client library that echoes its input in an error message.
    public void Leak() => throw new InvalidOperationException($"WeChat rejected secret {config.AppSecret} (sign {config.SignKey})");
}
