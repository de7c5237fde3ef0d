using Elements.Definitions;
using Elements.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Runtime.Tests;

/// <summary>Discovery, full names, layers, type chains and app inheritance on the Shop/Lib fixture apps.</summary>
public sealed class LoadingTests : IDisposable
{
    private readonly ElementApp _app = TestApps.LoadShop();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void App_identity_and_hierarchy()
    {
        Assert.Equal("test.Shop", _app.AppId);
        Assert.Equal(TestApps.Shop, _app.RootPath);
        Assert.Equal(["test.Shop", "test.Lib", "elements.std"], _app.AppIds);
        Assert.Equal(1, _app.Generation);
    }

    [Fact]
    public void Elements_are_ordinal_by_full_name()
    {
        var names = _app.Elements.Select(e => e.FullName).ToList();
        Assert.Equal([.. names.Order(StringComparer.Ordinal)], names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Frontend_and_backend_folders_add_no_segment()
    {
        Assert.Equal(Path.Combine(TestApps.Shop, "pages", "Home", "frontend"), _app.GetElementDefine("pages.Home").Path);
        Assert.Equal("Home API (declared in backend/)", _app.GetElementDefine("pages.Home.api").Title);
    }

    [Fact]
    public void Commons_folders_are_not_scanned() => Assert.False(_app.TryGetElement("commons.Shared", out _));

    [Fact]
    public void Bin_obj_appData_dot_and_nested_app_folders_are_not_scanned()
    {
        using var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Skips" }""");
        foreach (var folder in new[] { "bin/X", "obj/X", "appData/X", ".git/X", "commons/X", "nested/X", "kept/X" })
        {
            temp.Write(folder + "/e.json", """{ "title": "x", "type": "services.NormalType" }""");
        }

        temp.Write("nested/app.json", """{ "appId": "test.Nested" }""");

        using var app = TestApps.Load(temp.Root);
        Assert.Equal(["kept.X"], app.Elements.Where(e => e.AppId == "test.Skips").Select(e => e.FullName));
    }

    [Fact]
    public void Layers_follow_the_type()
    {
        Assert.Equal(ElementLayer.Meta, _app.GetElementDefine("services.Meta").Layer);
        Assert.Equal(ElementLayer.Type, _app.GetElementDefine("services.NormalType").Layer);
        Assert.Equal(ElementLayer.Instance, _app.GetElementDefine("services.Plain").Layer);
        Assert.Equal(ElementLayer.Instance, _app.GetElementDefine("auths.loginTypes.MyWechatLogin").Layer);
    }

    [Fact]
    public void An_element_with_its_own_class_is_a_derived_type()
    {
        var calc = _app.GetElementDefine("services.Calc");
        Assert.Equal(ElementLayer.Type, calc.Layer);
        Assert.Equal(["services.NormalType", "services.Meta"], calc.TypeChain);
        Assert.Equal(typeof(TestElements.Calc), calc.ImplementationType);
    }

    [Fact]
    public void Type_chains_end_at_one_meta()
    {
        foreach (var element in _app.Elements.Where(e => e.Layer != ElementLayer.Meta))
        {
            Assert.NotEmpty(element.TypeChain);
            Assert.Equal(ElementLayer.Meta, _app.GetElementDefine(element.TypeChain[^1]).Layer);
            // Private types of a parent app (services.HiddenType) are in the chain but not visible here.
            Assert.Single(element.TypeChain, t => _app.FindElements(t) is [{ Layer: ElementLayer.Meta }]);
        }
    }

    [Fact]
    public void Child_app_overrides_parent_element()
    {
        var greeter = _app.GetElementDefine("services.Greeter");
        Assert.Equal("Greeter (shop override)", greeter.Title);
        Assert.Equal("test.Shop", greeter.AppId);
        Assert.Equal("Welcome", greeter.Config["greeting"]!.GetValue<string>());
    }

    [Fact]
    public void Protected_elements_are_inherited()
    {
        var element = _app.GetElementDefine("services.ProtectedSvc");
        Assert.Equal("test.Lib", element.AppId);
        Assert.Equal(AccessModifier.Protected, element.AccessModifier);
    }

    [Fact]
    public void Private_elements_are_invisible_to_child_apps_but_usable_by_their_own()
    {
        Assert.False(_app.TryGetElement("services.HiddenType", out _));
        var ex = Assert.Throws<ElementException>(() => _app.GetElementDefine("services.HiddenType"));
        Assert.Equal("EL_UNKNOWN_ELEMENT", ex.Code);

        var user = _app.GetElementDefine("services.LibUser");
        Assert.Equal(["services.HiddenType", "services.Meta"], user.TypeChain);
        Assert.Equal("from-hidden-type", user.Config["hiddenDefault"]!.GetValue<string>());
    }

    [Fact]
    public void Private_elements_are_visible_in_their_own_app()
    {
        using var lib = TestApps.Load(TestApps.Lib);
        Assert.Equal(AccessModifier.Private, lib.GetElementDefine("services.HiddenType").AccessModifier);
    }

    [Fact]
    public void Lookup_is_child_first_then_parents_in_extends_order_depth_first()
    {
        using var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Child", "extends": [{ "appId": "test.A" }, { "appId": "test.B" }] }""");
        var a = temp.AddSibling(TestApps.Fixtures + "/Apps/Lib", "A");
        File.WriteAllText(Path.Combine(a, "app.json"), """{ "appId": "test.A", "extends": [{ "appId": "test.C" }] }""");
        var b = temp.AddSibling(TestApps.Fixtures + "/Apps/Lib", "B");
        File.WriteAllText(Path.Combine(b, "app.json"), """{ "appId": "test.B", "extends": [{ "appId": "test.C" }] }""");
        var c = temp.AddSibling(TestApps.Fixtures + "/Apps/Lib", "C");
        File.WriteAllText(Path.Combine(c, "app.json"), """{ "appId": "test.C" }""");
        foreach (var copy in new[] { a, b })
        {
            // Copies of Lib would otherwise override C's protected element (a load error, tested elsewhere).
            Directory.Delete(Path.Combine(copy, "services", "ProtectedSvc"), recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(b, "only", "InB"));
        File.WriteAllText(Path.Combine(b, "only", "InB", "e.json"), """{ "title": "b", "type": "services.NormalType" }""");

        using var app = TestApps.Load(temp.Root);
        Assert.Equal(["test.Child", "test.A", "test.C", "test.B", "elements.std"], app.AppIds);
        Assert.Equal("test.A", app.GetElementDefine("services.Greeter").AppId);
        Assert.Equal("test.B", app.GetElementDefine("only.InB").AppId);
    }

    [Fact]
    public void Functions_come_from_the_nearest_function_list()
    {
        Assert.Equal(["login", "isWechatBrowser", "leak"], _app.GetElementDefine("auths.loginTypes.MyWechatLogin").Functions.Select(f => f.Name));
        var login = _app.GetElementDefine("auths.loginTypes.TestPublicType").Functions[0];
        Assert.False(login.LoginRequired);
        Assert.Equal("redirectUrl", Assert.Single(login.Args).Name);
        Assert.True(_app.GetElementDefine("auths.loginTypes.TestPublicType").Functions[1].LoginRequired);
    }

    [Fact]
    public void Children_include_nested_and_inherited_elements()
    {
        Assert.Equal(["services.Calc.helpers.Formatter"], _app.GetElementDefine("services.Calc").Children);
        Assert.Equal(["auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc"], _app.GetElementDefine("auths.loginTypes.MyWechatLogin").Children);
    }

    [Fact]
    public void Inherited_child_definition_names_its_source_and_owner()
    {
        var child = _app.GetElementDefine("auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc");
        Assert.Equal("auths.loginTypes.TestPublicType.services.WechatPublicAuthSvc", child.InheritedFrom);
        Assert.Equal("auths.loginTypes.MyWechatLogin", child.OwnerFullName);
        Assert.Equal(["getUserInfo", "getAccessToken"], child.Functions.Select(f => f.Name));
    }

    [Fact]
    public void Settings_merge_child_over_parent()
    {
        Assert.Equal("databases.ShopDb", _app.Settings["defaultElement"]!["defaultDatabase"]!.GetValue<string>());
        Assert.Equal("models.LibModel", _app.Settings["defaultElement"]!["defaultModel"]!.GetValue<string>());
    }

    [Fact]
    public void Definition_to_string_shows_layer_and_type()
    {
        Assert.Equal("services.Plain (instance, type 'services.NormalType')", _app.GetElementDefine("services.Plain").ToString());
    }

    [Fact]
    public void Std_library_provides_the_builtin_metas()
    {
        // The real library this time: an app with no stand-in beside it.
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", """{ "appId": "test.Plain" }""");
        using var real = TestApps.Load(temp.Root);
        Assert.Equal(StdElements.LibraryRoot, real.AppRoots["elements.std"]);
        foreach (var name in new[] { "auths.loginTypes.Meta", "models.Meta", "databases.Meta", "services.Meta", "messages.Meta" })
        {
            var meta = real.GetElementDefine(name);
            Assert.Equal(ElementLayer.Meta, meta.Layer);
            Assert.Equal("elements.std", meta.AppId);
        }

        Assert.Equal(["services.Meta"], real.GetElementDefine("services.NormalType").TypeChain);
    }

    [Fact]
    public void Generated_app_loads_every_element()
    {
        using var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Generated" }""");
        for (var i = 0; i < 300; i++)
        {
            temp.Write($"gen/G{i:D3}/e.json", $$"""{ "title": "G{{i}}", "type": "services.NormalType", "n": {{i}} }""");
        }

        using var app = TestApps.Load(temp.Root);
        Assert.Equal(300, app.Elements.Count(e => e.FullName.StartsWith("gen.", StringComparison.Ordinal)));
        Assert.Equal(299, app.GetElementDefine("gen.G299").Config["n"]!.GetValue<int>());
    }
}
