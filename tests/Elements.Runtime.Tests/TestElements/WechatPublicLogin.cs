using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

[ElementType("auths.loginTypes.TestPublicType", ConfigType = typeof(WechatPublicConfig))]
public sealed class WechatPublicLogin(ElementContext context, WechatPublicConfig config)
{
    public ElementContext Context => context;

    public WechatPublicConfig Config => config;

    public string Login(string redirectUrl) =>
        $"https://open.weixin.qq.com/connect/oauth2/authorize?appid={config.AppId}&redirect_uri={redirectUrl}&scope={config.Scope}";

    public bool IsWechatBrowser() => false;

    // Simulates a client library that echoes its input in an error message.
    public void Leak() => throw new InvalidOperationException($"WeChat rejected secret {config.AppSecret} (sign {config.SignKey})");
}
