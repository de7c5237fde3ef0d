using Elements.Definitions;
using Elements.Loading.Rules;
using Elements.Runtime.Tests.TestElements;

namespace Elements.Runtime.Tests.Loading.Rules;

public sealed class FunctionImplementationRuleTests : IDisposable
{
    private readonly RuleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_declared_function_without_a_method_points_at_its_functionList_entry()
    {
        var node = _fixture.Add(_fixture.Raw(_fixture.App("test.App"), "services.NoImpl", "services.Meta",
            functions: [RuleFixture.Function("present"), RuleFixture.Function("absent")],
            eJson: "{\n  \"functionList\": [\n    { \"name\": \"present\" },\n    { \"name\": \"absent\" }\n  ]\n}"), typeof(NoImpl));
        (node.Implementation, node.Functions) = (node.OwnImplementation, node.Raw.Functions!);

        new FunctionImplementationRule(_fixture.Diagnostics).Apply(node);

        Assert.Equal(
            ["test.App/services/NoImpl/e.json(4,5): error EL0011: function 'absent' of 'services.NoImpl' has no implementation: Elements.Runtime.Tests.TestElements.NoImpl has no method Absent or AbsentAsync"],
            _fixture.Reported);
    }

    [Fact]
    public void An_Instance_inheriting_class_and_list_is_not_checked_again()
    {
        var app = _fixture.App("test.App");
        var instance = new ElementNode(_fixture.Raw(app, "services.Inst", "services.NoImpl"), null)
        {
            Layer = ElementLayer.Instance,
            Implementation = new(typeof(NoImpl), null),
            Functions = [RuleFixture.Function("absent")],
        };

        new FunctionImplementationRule(_fixture.Diagnostics).Apply(instance);

        Assert.Empty(_fixture.Reported);
    }
}
