using Elements.WeChat.Client;
using Elements.WeChat.Configuration;
using Elements.WeChat.Models;
using Elements.WeChat.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elements.WeChat.Tests.Client;

public sealed class RegistrationTests
{
    [Fact]
    public void Options_bind_from_configuration_with_app_ids_as_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = "http://127.0.0.1:5990",
            ["WeChat:Apps:wxbound:AppSecret"] = "s",
            ["WeChat:Apps:wxbound:TokenMode"] = "Classic",
            ["WeChat:Apps:wxbound:OpenBaseUrl"] = "http://open.local",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWeChatClient(options => configuration.GetSection("WeChat").Bind(options));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WeChatOptions>>().Value;
        Assert.Equal(WeChatTokenMode.Classic, options.Apps["wxbound"].TokenMode);
        Assert.Equal("https://open.weixin.qq.com", WeChatOptions.DefaultOpenBaseUrl);
        var url = provider.GetRequiredService<IWeChatClient>().BuildAuthorizeUrl("wxbound", "https://a.example/", WeChatScopes.Base, "s");
        Assert.StartsWith("http://open.local/connect/oauth2/authorize?appid=wxbound&", url);
    }

    [Fact]
    public void A_custom_token_store_registered_first_is_kept()
    {
        var services = new ServiceCollection();
        var store = new InMemoryAccessTokenStore();
        services.AddSingleton<IAccessTokenStore>(store);
        services.AddLogging();
        services.AddWeChatClient();
        using var provider = services.BuildServiceProvider();
        Assert.Same(store, provider.GetRequiredService<IAccessTokenStore>());
        Assert.Same(provider.GetRequiredService<WeChatClient>(), provider.GetRequiredService<IWeChatClient>());
    }
}
