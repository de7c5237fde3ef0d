using System.Text.Json.Nodes;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Loading;
using Elements.Loading.Rules;
using Elements.Runtime.Tests.TestElements;
using Elements.Testing.Files;

namespace Elements.Runtime.Tests.Loading.Rules;

public sealed class ConfigBindingRuleTests : IDisposable
{
    private readonly RuleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_valid_Instance_config_is_bound()
    {
        var node = Instance(new JsonObject { ["appId"] = "wx1", ["allowRegister"] = 2 });

        Rule().Apply(node);

        var bound = Assert.IsType<WeChatPublicConfig>(node.BoundConfig);
        Assert.Equal(("wx1", 2), (bound.AppId, bound.AllowRegister));
        Assert.Empty(_fixture.Reported);
    }

    [Fact]
    public void A_bad_key_from_the_business_config_points_into_that_file_and_masks_secrets()
    {
        var raw = _fixture.Raw(_fixture.App("test.App"), "auths.loginTypes.Bad", "auths.loginTypes.TestPublicType",
            businessConfig: new JsonObject { ["allowRegister"] = "many" });
        TempDirectory.WriteFile(raw.BusinessConfigPath!, "{\n  \"allowRegister\": \"many\"\n}");
        var node = Instance(new JsonObject { ["appId"] = "wx1", ["appSecret"] = "s3cr3t-value", ["allowRegister"] = "many" }, raw);

        Rule().Apply(node);

        var reported = Assert.Single(_fixture.Reported);
        Assert.StartsWith("test.App/auths/loginTypes/Bad/config.json(2,3): error EL0010: config of 'auths.loginTypes.Bad' is invalid: cannot bind", reported);
        Assert.DoesNotContain("s3cr3t-value", reported);
    }

    [Fact]
    public void Types_are_not_bound()
    {
        var node = Instance([]);
        node.Layer = ElementLayer.Type;

        Rule().Apply(node);

        Assert.Null(node.BoundConfig);
        Assert.Empty(_fixture.Reported);
    }

    private ConfigBindingRule Rule() =>
        new(_fixture.Diagnostics, new PlaceholderResolver(new Dictionary<string, string>(), _ => null));

    private ElementNode Instance(JsonObject config, RawElement? raw = null) =>
        new(raw ?? _fixture.Raw(_fixture.App("test.App"), "auths.loginTypes.Login", "auths.loginTypes.TestPublicType"), null)
        {
            Layer = ElementLayer.Instance,
            Implementation = new(typeof(WeChatPublicLogin), typeof(WeChatPublicConfig)),
            Config = config,
        };
}
