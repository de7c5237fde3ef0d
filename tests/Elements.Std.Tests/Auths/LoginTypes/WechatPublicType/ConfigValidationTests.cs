using System.Text.Json.Nodes;
using Elements.Diagnostics;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths.LoginTypes.WechatPublicType;

/// <summary>A bad instance config is a load error that names the instance and the key.</summary>
public sealed class ConfigValidationTests
{
    public static TheoryData<string, JsonNode?, string> BadConfigs => new()
    {
        { "scope", "snsapi_login", "'scope' must be" },
        { "state", "custom_state_value", "'state' must be" },
        { "state", new string('a', 129), "'state' must be" },
        { "redirectDomains", new JsonArray("https://127.0.0.1/cb"), "'redirectDomains[0]'" },
        { "redirectDomains", new JsonArray("*.example.com"), "'redirectDomains[0]'" },
        { "redirectDomains", null, "'redirectDomains' must be a list" },
        { "allowRegister", 2, "'allowRegister'" },
        { "stateTtlSeconds", 5, "'stateTtlSeconds'" },
        { "stateKey", "dG9vLXNob3J0", "'stateKey'" },
        { "appId", "", "'appId' is required" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task Invalid_config_fails_the_load_with_a_clear_message(string key, JsonNode? value, string message)
    {
        var ex = await Assert.ThrowsAsync<ElementLoadException>(() => WeChatPublicLoginHarness.StartAsync(config: c => c[key] = value?.DeepClone()));
        var text = string.Join('\n', ex.Diagnostics.Select(d => d.ToString()));
        Assert.Contains(message, text);
        Assert.Contains("MyWechatLogin", text);
    }

    [Fact]
    public async Task A_missing_secret_variable_is_a_load_error()
    {
        var ex = await Assert.ThrowsAsync<ElementLoadException>(() => WeChatPublicLoginHarness.StartAsync(config: c => c["appSecret"] = "{{NO_SUCH_SECRET_VARIABLE}}"));
        Assert.Contains("NO_SUCH_SECRET_VARIABLE", string.Join('\n', ex.Diagnostics.Select(d => d.ToString())));
    }
}
