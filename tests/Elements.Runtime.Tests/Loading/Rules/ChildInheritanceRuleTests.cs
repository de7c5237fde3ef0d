using Elements.Activation;
using Elements.Definitions;
using Elements.Loading;
using Elements.Loading.Rules;

namespace Elements.Runtime.Tests.Loading.Rules;

public sealed class ChildInheritanceRuleTests : IDisposable
{
    private readonly RuleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void An_Instance_gets_its_types_children_unless_it_has_its_own_and_the_tree_links_them()
    {
        var app = _fixture.App("test.App");
        Node(app, "services.T", ElementLayer.Type, []);
        Node(app, "services.T.models.Log", ElementLayer.Instance, ["models.Meta"]);
        Node(app, "services.T.models.Own", ElementLayer.Instance, ["models.Meta"]);
        Node(app, "services.I", ElementLayer.Instance, ["services.T"]);
        Node(app, "services.I.models.Own", ElementLayer.Instance, ["models.Meta"]);
        var entries = _fixture.Context.View.Values.ToDictionary(
            n => n.Raw.FullName, n => new ElementEntry(n.ToDefinition(n.Raw.FullName, null, null), null, null), StringComparer.Ordinal);

        new ChildInheritanceRule(_fixture.Context.View).Apply(entries);
        DirectChildrenRule.Apply(entries);

        var inherited = entries["services.I.models.Log"];
        Assert.Equal(("services.T.models.Log", "services.I"), (inherited.Definition.InheritedFrom, inherited.Definition.OwnerFullName));
        Assert.Same(entries["services.I"], inherited.Owner);
        Assert.Null(entries["services.I.models.Own"].Definition.InheritedFrom);
        Assert.Equal(["services.I.models.Log", "services.I.models.Own"], entries["services.I"].Definition.Children);
        Assert.Equal(["services.T.models.Log", "services.T.models.Own"], entries["services.T"].Definition.Children);
    }

    private void Node(AppManifest app, string name, ElementLayer layer, IReadOnlyList<string> chain)
    {
        var node = _fixture.Add(_fixture.Raw(app, name, chain.Count > 0 ? chain[0] : "services.Meta"));
        node.Layer = layer;
        node.Chain = chain;
    }
}
