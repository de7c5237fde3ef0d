using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Loading.Rules;
using Elements.Runtime.Tests.TestElements;

namespace Elements.Runtime.Tests.Loading.Rules;

public sealed class TypeChainRuleTests : IDisposable
{
    private readonly RuleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Meta_Type_Instance_and_a_derived_Type_with_its_own_class_inherit_down_the_chain()
    {
        var app = _fixture.App("test.App");
        var meta = _fixture.Add(_fixture.Raw(app, "services.Meta", functions: [RuleFixture.Function("greet")]));
        var type = _fixture.Add(_fixture.Raw(app, "services.GreeterType", "services.Meta", config: new JsonObject { ["greeting"] = "hi" }), typeof(Greeter));
        var instance = _fixture.Add(_fixture.Raw(app, "services.Hello", "services.GreeterType", config: new JsonObject { ["name"] = "x" }));
        var derived = _fixture.Add(_fixture.Raw(app, "services.Derived", "services.GreeterType"), typeof(Calc));

        // Users before their types: the rule resolves the chain itself.
        Run(instance, derived, type, meta);

        Assert.Equal([ElementLayer.Meta, ElementLayer.Type, ElementLayer.Instance, ElementLayer.Type],
            [meta.Layer, type.Layer, instance.Layer, derived.Layer]);
        Assert.Equal(["services.GreeterType", "services.Meta"], instance.Chain);
        Assert.Equal(typeof(Greeter), instance.Implementation?.Type);
        Assert.Equal(typeof(Calc), derived.Implementation?.Type);
        Assert.Equal("greet", Assert.Single(instance.Functions).Name);
        Assert.Equal("""{"greeting":"hi","name":"x"}""", instance.Config.ToJsonString());
        Assert.Empty(_fixture.Reported);
    }

    [Fact]
    public void A_cycle_is_reported_once_at_the_type_closing_it_with_its_position()
    {
        var app = _fixture.App("test.App");
        var a = _fixture.Add(_fixture.Raw(app, "cycle.A", "cycle.B", eJson: "{ \"title\": \"A\",\n  \"type\": \"cycle.B\" }"));
        var b = _fixture.Add(_fixture.Raw(app, "cycle.B", "cycle.A", eJson: "{ \"title\": \"B\",\n    \"type\": \"cycle.A\" }"));
        var user = _fixture.Add(_fixture.Raw(app, "cycle.User", "cycle.A"));

        Run(a, b, user);

        Assert.Equal(["test.App/cycle/B/e.json(2,13): error EL0006: type cycle: cycle.A -> cycle.B -> cycle.A"], _fixture.Reported);
        Assert.True(a.Failed && b.Failed && user.Failed);
    }

    [Fact]
    public void An_Instance_as_type_and_an_unknown_type_are_reported_with_a_suggestion()
    {
        var app = _fixture.App("test.App");
        _fixture.Add(_fixture.Raw(app, "services.Meta"));
        _fixture.Add(_fixture.Raw(app, "services.GreeterType", "services.Meta"), typeof(Greeter));
        _fixture.Add(_fixture.Raw(app, "services.Hello", "services.GreeterType"));
        var onInstance = _fixture.Add(_fixture.Raw(app, "services.OnInstance", "services.Hello"));
        var typo = _fixture.Add(_fixture.Raw(app, "services.Typo", "services.GreeterTyp"));

        Run([.. _fixture.Context.View.Values]);

        Assert.Equal(
        [
            "test.App/services/OnInstance/e.json(1,1): error EL0005: 'services.OnInstance' has type 'services.Hello', which is an Instance; a type must be a Meta or a Type",
            "test.App/services/Typo/e.json(1,1): error EL0004: unknown type 'services.GreeterTyp' of element 'services.Typo'; did you mean 'services.GreeterType'?",
        ], _fixture.Reported);
        Assert.True(onInstance.Failed && typo.Failed);
    }

    private void Run(params ElementNode[] nodes)
    {
        var rule = new TypeChainRule(_fixture.Context, new ConfigLayeringRule(new Dictionary<string, JsonObject>()));
        foreach (var node in nodes)
        {
            rule.Apply(node);
        }
    }
}
