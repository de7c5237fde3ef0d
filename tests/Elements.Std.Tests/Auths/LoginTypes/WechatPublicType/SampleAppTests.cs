using System.Text.Json.Nodes;
using Elements.Std.Auths.WeChatPublic;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths.LoginTypes.WechatPublicType;

/// <summary>The sample app's official-account login is the instance JitAi documents, and its service and model are its children.</summary>
public sealed class SampleAppTests
{
    [Fact]
    public void The_sample_instance_is_jitais_documented_one_with_the_secret_as_a_placeholder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "SampleApp", "auths", "loginTypes", "MyWechatLogin");
        Assert.Equal(["MyWechatLogin.json", "e.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var e = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "e.json")))!.AsObject();
        Assert.Equal(["title", "type"], e.Select(p => p.Key));
        Assert.Equal("WeChat Official Account Login", (string?)e["title"]);
        Assert.Equal("auths.loginTypes.WechatPublicType", (string?)e["type"]);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "MyWechatLogin.json")))!.AsObject();
        Assert.Equal(WeChatPublicLoginHarness.AppId, (string?)config["appId"]);
        Assert.Equal("{{WECHAT_OA_SECRET}}", (string?)config["appSecret"]);
        Assert.Equal("snsapi_userinfo", (string?)config["scope"]);
        Assert.Equal(["127.0.0.1", "localhost"], config["redirectDomains"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(1, (int)config["allowRegister"]!);
        Assert.Null(config["state"]);
    }

    [Fact]
    public async Task The_service_and_model_are_children_of_the_instance_and_the_types_service_needs_an_instance()
    {
        await using var h = await WeChatPublicLoginHarness.StartAsync();
        var service = h.App.GetElementDefine(WeChatPublicLoginHarness.Service);
        Assert.Equal(WeChatPublicLoginHarness.Instance, service.OwnerFullName);
        Assert.Equal("auths.loginTypes.WechatPublicType.services.WechatPublicAuthSvc", service.InheritedFrom);
        Assert.IsType<WeChatPublicAuthSvcElement>(h.App.GetElement(WeChatPublicLoginHarness.Service));
        Assert.Contains(WeChatPublicLoginHarness.Instance + ".WechatPublicAuthModel", h.App.GetElementDefine(WeChatPublicLoginHarness.Instance).Children);
        Assert.Equal(["login", "isWechatBrowser", "detectBrowser", "getLoginConfig", "getLoginCode", "register", "bind", "unbind"],
            h.App.GetElementDefine(WeChatPublicLoginHarness.Instance).Functions.Select(f => f.Name));
        Assert.All(h.App.GetElementDefine(WeChatPublicLoginHarness.Instance).Functions.Where(f => f.Name is not ("bind" or "unbind")), f => Assert.False(f.LoginRequired));
        Assert.False(service.Functions.Single(f => f.Name == "getUserInfo").LoginRequired);

        var ex = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync("auths.loginTypes.WechatPublicType.services.WechatPublicAuthSvc", "getUserInfo", new JsonObject { ["code"] = "x" }));
        Assert.Equal(WeChatPublicErrorCodes.InstanceRequired, ex.Code);
        var missing = await Assert.ThrowsAsync<ElementException>(() => h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = " " }));
        Assert.Equal(WeChatPublicErrorCodes.ArgumentMissing, missing.Code);
    }
}
