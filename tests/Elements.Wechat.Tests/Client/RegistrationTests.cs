using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elements.Wechat.Tests.Client;

public sealed class RegistrationTests
{
    [Fact]
    public void Options_bind_from_configuration_with_app_ids_as_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wechat:ApiBaseUrl"] = "http://127.0.0.1:5990",
            ["Wechat:Apps:wxbound:AppSecret"] = "s",
            ["Wechat:Apps:wxbound:TokenMode"] = "Classic",
            ["Wechat:Apps:wxbound:OpenBaseUrl"] = "http://open.local",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWechatClient(options => configuration.GetSection("Wechat").Bind(options));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WechatOptions>>().Value;
        Assert.Equal(WechatTokenMode.Classic, options.Apps["wxbound"].TokenMode);
        Assert.Equal("https://open.weixin.qq.com", WechatOptions.DefaultOpenBaseUrl);
        var url = provider.GetRequiredService<IWechatClient>().BuildAuthorizeUrl("wxbound", "https://a.example/", WechatScopes.Base, "s");
        Assert.StartsWith("http://open.local/connect/oauth2/authorize?appid=wxbound&", url);
    }

    [Fact]
    public void A_custom_token_store_registered_first_is_kept()
    {
        var services = new ServiceCollection();
        var store = new InMemoryAccessTokenStore();
        services.AddSingleton<IAccessTokenStore>(store);
        services.AddLogging();
        services.AddWechatClient();
        using var provider = services.BuildServiceProvider();
        Assert.Same(store, provider.GetRequiredService<IAccessTokenStore>());
        Assert.Same(provider.GetRequiredService<WechatClient>(), provider.GetRequiredService<IWechatClient>());
    }
}
