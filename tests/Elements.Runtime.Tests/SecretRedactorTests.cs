using System.Text.Json.Nodes;
using Elements.Configuration;
using Elements.Runtime.Tests.Support;
using Elements.Runtime.Tests.TestElements;

namespace Elements.Runtime.Tests;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("appSecret", true)]
    [InlineData("PASSWORD", true)]
    [InlineData("dbPassword", true)]
    [InlineData("accessToken", true)]
    [InlineData("sessionKey", true)]
    [InlineData("session_key", false)]
    [InlineData("apiKey", true)]
    [InlineData("x-ApiKey-header", true)]
    [InlineData("appId", false)]
    [InlineData("scope", false)]
    public void Secret_key_names(string key, bool secret) => Assert.Equal(secret, SecretRedactor.IsSecretKey(key));

    [Fact]
    public void Redacts_by_name_by_attribute_and_nested()
    {
        var config = JsonNode.Parse("""
            { "appId": "a", "appSecret": "s1", "signKey": "k1",
              "nested": { "token": "t1", "list": [ { "password": "p1", "ok": 1 } ] }, "empty": null }
            """)!.AsObject();
        var redacted = SecretRedactor.Redact(config, typeof(WeChatPublicConfig));
        Assert.Equal("""{"appId":"a","appSecret":"***","signKey":"***","nested":{"token":"***","list":[{"password":"***","ok":1}]},"empty":null}""",
            redacted.ToJsonString());
        Assert.Equal("s1", config["appSecret"]!.GetValue<string>()); // the original is untouched
    }

    [Fact]
    public void Attribute_only_applies_with_the_config_class()
    {
        var config = new JsonObject { ["signKey"] = "k1" };
        Assert.Equal("k1", SecretRedactor.Redact(config)["signKey"]!.GetValue<string>());
    }

    [Fact]
    public void Scrub_removes_secret_values_from_text()
    {
        var config = new JsonObject { ["appSecret"] = "abcdef123", ["signKey"] = "zzzz9999", ["appId"] = "wx1" };
        Assert.Equal("bad secret *** and *** for wx1",
            SecretRedactor.Scrub("bad secret abcdef123 and zzzz9999 for wx1", config, typeof(WeChatPublicConfig)));
    }

    [Fact]
    public void Definition_offers_a_redacted_config_and_to_string_shows_none()
    {
        using var app = TestApps.LoadShop();
        var definition = app.GetElementDefine("auths.loginTypes.MyWechatLogin");
        var redacted = definition.GetRedactedConfig().ToJsonString();
        Assert.DoesNotContain(TestApps.SecretFromProcessEnvironment, redacted);
        Assert.DoesNotContain("sign-key-value", redacted);
        Assert.Contains("wx-from-shop-envvars", redacted);
        Assert.DoesNotContain(TestApps.SecretFromProcessEnvironment, definition.ToString());
    }

    [Fact]
    public async Task Function_failure_messages_are_scrubbed()
    {
        using var app = TestApps.LoadShop();
        var ex = await Assert.ThrowsAsync<ElementException>(() => app.InvokeAsync("auths.loginTypes.MyWechatLogin", "leak", null));
        Assert.Equal("EL_FUNCTION_FAILED", ex.Code);
        Assert.Equal("function 'leak' of 'auths.loginTypes.MyWechatLogin' failed: WeChat rejected secret *** (sign ***)", ex.Message);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }
}
