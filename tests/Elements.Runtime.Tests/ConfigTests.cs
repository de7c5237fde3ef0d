using System.Text.Json.Nodes;
using Elements.Runtime.Tests.Support;
using Elements.Runtime.Tests.TestElements;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Runtime.Tests;

/// <summary>Config merge order, business config files, placeholders, host overrides and binding.</summary>
public sealed class ConfigTests
{
    private static ElementApp LoadWithOverrides(Dictionary<string, string?> values) => TestApps.LoadShop(b =>
        b.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build()));

    [Fact]
    public void Merge_order_is_type_defaults_then_e_json_then_business_file()
    {
        using var app = TestApps.LoadShop();
        var config = app.GetElementDefine("auths.loginTypes.MyWechatLogin").Config;
        Assert.Equal("snsapi_base", config["scope"]!.GetValue<string>()); // e.json beats the type default
        Assert.Equal("from-business-config", config["state"]!.GetValue<string>()); // business file beats e.json
        Assert.Equal("wechat", config["display"]!["icon"]!.GetValue<string>()); // deep merge keeps type's nested key
        Assert.Equal(2, config["display"]!["order"]!.GetValue<int>()); // and takes the instance's
    }

    [Fact]
    public void Host_overrides_are_the_last_layer()
    {
        using var app = LoadWithOverrides(new()
        {
            ["Elements:Overrides:auths.loginTypes.MyWechatLogin:state"] = "from-host",
            ["Elements:Overrides:auths.loginTypes.MyWechatLogin:display:order"] = "9",
            ["Elements:Overrides:auths.loginTypes.MyWechatLogin:allowRegister"] = "1",
        });
        var config = app.GetElementDefine("auths.loginTypes.MyWechatLogin").Config;
        Assert.Equal("from-host", config["state"]!.GetValue<string>());
        Assert.Equal(9, config["display"]!["order"]!.GetValue<long>());
        Assert.Equal("wechat", config["display"]!["icon"]!.GetValue<string>());
        Assert.Equal(1, app.GetElement<WeChatPublicLogin>("auths.loginTypes.MyWechatLogin").Config.AllowRegister);
    }

    [Fact]
    public void Overrides_section_is_configurable_and_arrays_round_trip()
    {
        using var app = TestApps.LoadShop(b =>
        {
            b.Configure(o => o.OverridesSection = "Custom");
            b.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Custom:services.Plain:hosts:0"] = "a",
                ["Custom:services.Plain:hosts:1"] = "b",
            }).Build());
        });
        Assert.Equal("""["a","b"]""", app.GetElementDefine("services.Plain").Config["hosts"]!.ToJsonString());
    }

    [Fact]
    public void Business_config_named_by_front_bundle_entry()
    {
        using var app = TestApps.LoadShop();
        var config = app.GetElementDefine("auths.loginTypes.MiniLogin").Config;
        Assert.Equal("wx-mini", config["appId"]!.GetValue<string>());
        Assert.Equal(1, config["allowRegister"]!.GetValue<int>());
    }

    [Fact]
    public void Config_json_is_the_fallback_business_file()
    {
        using var app = TestApps.LoadShop();
        Assert.Equal("shop_orders", app.GetElementDefine("models.Orders").Config["table"]!.GetValue<string>());
    }

    [Fact]
    public void Placeholders_resolve_from_env_vars_first_then_process_environment()
    {
        using var app = TestApps.LoadShop();
        var config = app.GetElementDefine("auths.loginTypes.MyWechatLogin").Config;
        Assert.Equal("wx-from-shop-envvars", config["appId"]!.GetValue<string>()); // child app's envVars beat the parent's
        Assert.Equal("lib says from-lib", config["libVar"]!.GetValue<string>()); // parent's envVars are visible
        Assert.Equal(TestApps.SecretFromProcessEnvironment, config["appSecret"]!.GetValue<string>()); // process env
    }

    [Fact]
    public void Env_vars_win_over_the_process_environment()
    {
        using var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Vars", "envVars": { "ELEMENTS_TEST_WX_SECRET": "pinned" } }""");
        temp.Write("x/e.json", """{ "title": "x", "type": "services.NormalType", "v": "{{ELEMENTS_TEST_WX_SECRET}}" }""");
        using var app = TestApps.Load(temp.Root);
        Assert.Equal("pinned", app.GetElementDefine("x").Config["v"]!.GetValue<string>());
    }

    [Fact]
    public void Environment_source_is_replaceable_and_missing_variable_fails()
    {
        using var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Env" }""");
        temp.Write("x/e.json", """{ "title": "x", "type": "services.NormalType", "url": "https://{{HOST}}:{{PORT}}/" }""");
        using (var app = TestApps.Load(temp.Root, b => b.Configure(o => o.Environment = n => n == "HOST" ? "h" : n == "PORT" ? "80" : null)))
        {
            Assert.Equal("https://h:80/", app.GetElementDefine("x").Config["url"]!.GetValue<string>());
        }

        var ex = Assert.Throws<Diagnostics.ElementLoadException>(() =>
            TestApps.Load(temp.Root, b => b.Configure(o => o.Environment = n => n == "HOST" ? "h" : null)));
        Assert.Equal("x/e.json(1,55): error EL0009: element 'x': variable 'PORT' used in e.json is not defined in envVars or the environment",
            Assert.Single(ex.Diagnostics).ToString());
    }

    [Fact]
    public void Undefined_placeholders_fail_with_the_diagnostic_and_where_to_define_them_and_no_stack_trace()
    {
        using var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Env" }""");
        temp.Write("x/e.json", """{ "title": "x", "type": "services.NormalType", "secret": "{{WECHAT_OA_SECRET}}" }""");

        var ex = Assert.Throws<Diagnostics.ElementLoadException>(() => TestApps.Load(temp.Root, b => b.Configure(o => o.Environment = _ => null)));
        var lines = ex.Message.Split(Environment.NewLine);
        Assert.Equal(
        [
            "x/e.json(1,58): error EL0009: element 'x': variable 'WECHAT_OA_SECRET' used in e.json is not defined in envVars or the environment",
            "hint: define WECHAT_OA_SECRET in the environment (export WECHAT_OA_SECRET=...), in app.json's \"envVars\", "
                + "or for one `elements` command with --var WECHAT_OA_SECRET=VALUE",
        ], lines);
        // What .NET prints for an unhandled exception: the type and these lines, no stack trace burying them.
        Assert.Equal("Elements.Diagnostics.ElementLoadException: " + ex.Message, ex.ToString());
    }

    [Fact]
    public void Config_binds_case_insensitively_to_the_config_class()
    {
        using var app = TestApps.LoadShop();
        var login = app.GetElement<WeChatPublicLogin>("auths.loginTypes.MyWechatLogin");
        Assert.Equal("wx-from-shop-envvars", login.Config.AppId);
        Assert.Equal("sign-key-value", login.Config.SignKey);
        Assert.Equal("snsapi_base", login.Config.Scope);
    }

    [Fact]
    public void Definition_config_is_a_json_object_per_element()
    {
        using var app = TestApps.LoadShop();
        Assert.IsType<JsonObject>(app.GetElementDefine("services.Plain").Config);
        Assert.Equal("team-a", app.GetElementDefine("services.Plain").Config["owner"]!.GetValue<string>());
        Assert.Empty(app.GetElementDefine("services.Meta").Config);
    }

    [Fact]
    public void Schema_pointers_of_editors_are_not_config()
    {
        using var temp = TempApp.CreateShop();
        temp.Write("services/Pointed/e.json", """{ "$schema": "../../.elements/schemas/e.schema.json", "title": "Pointed", "type": "services.NormalType", "hosts": ["a"] }""");
        temp.Write("services/Pointed/Pointed.json", """{ "$schema": "../../.elements/schemas/x.schema.json", "region": "cn" }""");
        using var app = TestApps.Load(temp.Root);

        var config = app.GetElementDefine("services.Pointed").Config;

        Assert.False(config.ContainsKey("$schema"));
        Assert.Equal("cn", config["region"]!.GetValue<string>());
        Assert.Equal("""["a"]""", config["hosts"]!.ToJsonString());
    }
}
