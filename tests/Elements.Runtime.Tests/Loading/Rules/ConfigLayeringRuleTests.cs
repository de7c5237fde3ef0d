using System.Text.Json.Nodes;
using Elements.Loading.Rules;

namespace Elements.Runtime.Tests.Loading.Rules;

public sealed class ConfigLayeringRuleTests : IDisposable
{
    private readonly RuleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Type_defaults_lose_to_e_json_which_loses_to_the_business_config_which_loses_to_host_overrides()
    {
        var overrides = new Dictionary<string, JsonObject>
        {
            ["services.X"] = new() { ["host"] = "override", ["nested"] = new JsonObject { ["b"] = "host" } },
        };
        var raw = _fixture.Raw(_fixture.App("test.App"), "services.X",
            config: new JsonObject { ["own"] = "e.json", ["host"] = "e.json", ["nested"] = new JsonObject { ["a"] = "e.json" } },
            businessConfig: new JsonObject { ["own"] = "business" });
        var defaults = new JsonObject { ["fromType"] = 1, ["own"] = "type", ["nested"] = new JsonObject { ["c"] = "type" } };

        var config = new ConfigLayeringRule(overrides).Merge(defaults, raw);

        Assert.Equal("""{"fromType":1,"own":"business","nested":{"c":"type","a":"e.json","b":"host"},"host":"override"}""", config.ToJsonString());
        Assert.Equal("""{"fromType":1,"own":"type","nested":{"c":"type"}}""", defaults.ToJsonString());
    }

    [Fact]
    public void With_nothing_to_merge_the_scanned_config_is_used_as_is()
    {
        var raw = _fixture.Raw(_fixture.App("test.App"), "services.X", config: new JsonObject { ["k"] = 1 });

        Assert.Same(raw.OwnConfig, new ConfigLayeringRule(new Dictionary<string, JsonObject>()).Merge([], raw));
    }
}
