using Elements.Activation;
using Elements.Runtime.Tests.Support;
using Elements.Runtime.Tests.TestElements;
using Microsoft.Extensions.Logging;

namespace Elements.Runtime.Tests;

public sealed class ActivationTests : IDisposable
{
    private readonly ElementApp _app = TestApps.LoadShop();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Instance_gets_its_types_class_with_context_and_bound_config()
    {
        var login = _app.GetElement<WeChatPublicLogin>("auths.loginTypes.MyWechatLogin");
        Assert.Equal("auths.loginTypes.MyWechatLogin", login.Context.FullName);
        Assert.Same(_app, login.Context.App);
        Assert.Null(login.Context.Owner);
        Assert.Equal("wx-from-shop-envvars", login.Config.AppId);
    }

    [Fact]
    public void Element_is_activated_once_per_full_name()
    {
        Assert.Same(_app.GetElement("services.Calc"), _app.GetElement("services.Calc"));
        Assert.NotSame(_app.GetElement("auths.loginTypes.MyWechatLogin"), _app.GetElement("auths.loginTypes.MiniLogin"));
    }

    [Fact]
    public void Di_services_are_injected()
    {
        Assert.IsAssignableFrom<ILogger<Calc>>(_app.GetElement<Calc>("services.Calc").Logger);
    }

    [Fact]
    public void Inherited_child_is_activated_for_the_instance_with_owner_set()
    {
        var service = _app.GetElement<WechatPublicAuthSvc>("auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc");
        Assert.Equal("auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc", service.Context.FullName);
        Assert.NotNull(service.Context.Owner);
        Assert.Equal("auths.loginTypes.MyWechatLogin", service.Context.Owner.FullName);
        Assert.Equal("wx-from-shop-envvars", service.Context.Owner.Config["appId"]!.GetValue<string>());

        var other = _app.GetElement<WechatPublicAuthSvc>("auths.loginTypes.MiniLogin.services.WechatPublicAuthSvc");
        Assert.NotSame(service, other);
        Assert.Equal("auths.loginTypes.MiniLogin", other.Context.Owner!.FullName);
    }

    [Fact]
    public async Task Inherited_child_functions_see_the_owner_config()
    {
        var result = await _app.InvokeAsync("auths.loginTypes.MiniLogin.services.WechatPublicAuthSvc", "getUserInfo",
            new() { ["code"] = "c1" });
        Assert.Equal("""{"openid":"openid-c1","appId":"wx-mini"}""", result!.ToJsonString());
    }

    [Fact]
    public void Sixty_four_threads_asking_at_once_create_exactly_one_object()
    {
        var before = Counter.Constructions;
        using var start = new Barrier(64);
        var results = new object[64];
        var threads = Enumerable.Range(0, 64).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = _app.GetElement("services.Counter");
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(before + 1, Counter.Constructions);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void Unknown_element_names_the_nearest_existing_names()
    {
        var ex = Assert.Throws<ElementException>(() => _app.GetElement("services.Greeterr"));
        Assert.Equal("EL_UNKNOWN_ELEMENT", ex.Code);
        Assert.Equal("unknown element 'services.Greeterr'; did you mean 'services.Greeter', 'services.Counter'?", ex.Message);
    }

    [Fact]
    public void Try_get_element_returns_false_for_unknown_names()
    {
        Assert.False(_app.TryGetElement("nope", out var missing));
        Assert.Null(missing);
        Assert.True(_app.TryGetElement("services.Calc", out var calc));
        Assert.IsType<Calc>(calc);
    }

    [Fact]
    public void Typed_get_element_checks_the_class()
    {
        var ex = Assert.Throws<ElementException>(() => _app.GetElement<Greeter>("services.Calc"));
        Assert.Equal("EL_ELEMENT_TYPE_MISMATCH", ex.Code);
    }

    [Fact]
    public void Elements_without_a_class_cannot_be_activated()
    {
        var meta = Assert.Throws<ElementException>(() => _app.GetElement("services.Meta"));
        Assert.Equal("EL_NO_IMPLEMENTATION", meta.Code);
        Assert.Equal("element 'services.Meta' is a Meta and cannot be activated", meta.Message);

        var plain = Assert.Throws<ElementException>(() => _app.GetElement("services.Plain"));
        Assert.Equal("element 'services.Plain' has no implementation: no class is registered for it or its type chain (services.NormalType -> services.Meta)",
            plain.Message);
    }

    [Fact]
    public void Get_element_define_does_not_activate()
    {
        var before = Counter.Constructions;
        using var app = TestApps.LoadShop();
        Assert.Equal("Counts its constructions", app.GetElementDefine("services.Counter").Title);
        Assert.Equal(before, Counter.Constructions);
    }

    [Fact]
    public void Context_to_string_is_the_definition()
    {
        var login = _app.GetElement<WeChatPublicLogin>("auths.loginTypes.MyWechatLogin");
        Assert.Equal("auths.loginTypes.MyWechatLogin (instance, type 'auths.loginTypes.TestPublicType')", login.Context.ToString());
        Assert.IsType<ElementContext>(login.Context);
    }
}
