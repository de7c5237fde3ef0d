using Elements.Runtime.Tests.Support;

namespace Elements.Runtime.Tests;

public sealed class SelectorTests : IDisposable
{
    private readonly ElementApp _app = TestApps.LoadShop();

    public void Dispose() => _app.Dispose();

    private IEnumerable<string> Find(string selector) => _app.FindElements(selector).Select(d => d.FullName);

    [Fact]
    public void Full_name_selects_that_element() => Assert.Equal(["services.Calc"], Find("services.Calc"));

    [Fact]
    public void Unknown_full_name_selects_nothing() => Assert.Empty(Find("services.Nope"));

    [Fact]
    public void Dot_type_selects_everything_of_that_type_transitively()
    {
        Assert.Equal(["auths.loginTypes.MiniLogin", "auths.loginTypes.MyWechatLogin"], Find(".auths.loginTypes.TestPublicType"));
        Assert.Equal(["auths.loginTypes.MiniLogin", "auths.loginTypes.MyWechatLogin", "auths.loginTypes.TestPublicType"],
            Find(".auths.loginTypes.Meta"));
    }

    [Fact]
    public void Attribute_selects_by_declared_attributes_and_config_keys()
    {
        Assert.Equal(["services.Calc", "services.Calc.helpers.Formatter"], Find("#tag=core"));
        Assert.Equal(["services.Plain"], Find("#owner=team-a"));
        Assert.Equal(["models.Orders"], Find("#table='shop_orders'"));
        Assert.Equal(["auths.loginTypes.MiniLogin"], Find("#allowRegister=1"));
        Assert.Contains("services.Meta", Find("#layer=meta"));
        Assert.All(_app.FindElements("#appId=test.Lib"), d => Assert.Equal("test.Lib", d.AppId));
    }

    [Fact]
    public void Trailing_star_selects_descendants_including_inherited_ones()
    {
        Assert.Equal(["services.Calc.helpers.Formatter"], Find("services.Calc*"));
        Assert.Equal(["auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc"], Find("auths.loginTypes.MyWechatLogin*"));
    }

    [Fact]
    public void Leading_star_selects_the_type_chain()
    {
        Assert.Equal(["auths.loginTypes.TestPublicType", "auths.loginTypes.Meta"], Find("*auths.loginTypes.MyWechatLogin"));
        Assert.Empty(Find("*services.Meta"));
    }

    [Fact]
    public void Comma_is_a_union_without_duplicates_in_term_order()
    {
        Assert.Equal(["services.Plain", "services.Calc", "services.Calc.helpers.Formatter"], Find("services.Plain, #tag=core ,services.Calc"));
    }

    [Fact]
    public void Empty_or_malformed_selectors_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => _app.FindElements(" "));
        Assert.Throws<ArgumentException>(() => _app.FindElements("#tag"));
    }
}
