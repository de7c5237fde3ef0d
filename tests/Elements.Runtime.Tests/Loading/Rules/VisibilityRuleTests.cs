using Elements.Definitions;
using Elements.Loading;
using Elements.Loading.Rules;

namespace Elements.Runtime.Tests.Loading.Rules;

public sealed class VisibilityRuleTests : IDisposable
{
    private readonly RuleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Nearest_app_wins_and_a_parents_private_element_is_seen_only_from_that_parent()
    {
        var root = _fixture.App("test.Root", "test.Lib");
        var lib = _fixture.App("test.Lib");
        var own = _fixture.Raw(root, "services.Shared");
        var hidden = _fixture.Raw(lib, "services.Hidden", access: AccessModifier.Private);
        Scan((root, [own]), (lib, [_fixture.Raw(lib, "services.Shared"), hidden]));

        Assert.Same(own, _fixture.Context.View["services.Shared"].Raw);
        Assert.False(_fixture.Context.View.ContainsKey("services.Hidden"));
        Assert.Same(hidden, _fixture.Context.Lookup("services.Hidden", lib)?.Raw);
        Assert.Null(_fixture.Context.Lookup("services.Hidden", root));
        Assert.Empty(_fixture.Reported);
    }

    [Fact]
    public void Overriding_a_protected_element_of_an_ancestor_is_EL0008_at_the_override()
    {
        var root = _fixture.App("test.Root", "test.Lib");
        var lib = _fixture.App("test.Lib");
        Scan((root, [_fixture.Raw(root, "services.Locked")]), (lib, [_fixture.Raw(lib, "services.Locked", access: AccessModifier.Protected)]));

        Assert.Equal(
            ["test.Root/services/Locked/e.json(1,1): error EL0008: element 'services.Locked' overrides the protected element of app 'test.Lib'; protected elements can be inherited but not overridden"],
            _fixture.Reported);
    }

    [Fact]
    public void Root_apps_private_elements_are_its_own_view()
    {
        var root = _fixture.App("test.Root");
        Scan((root, [_fixture.Raw(root, "services.Mine", access: AccessModifier.Private)]));

        Assert.True(_fixture.Context.View.ContainsKey("services.Mine"));
    }

    private void Scan(params (AppManifest App, RawElement[] Elements)[] apps) =>
        new VisibilityRule(_fixture.Context).Apply(
            [.. apps.Select(a => (a.App, a.Elements.ToDictionary(e => e.FullName, StringComparer.Ordinal)))],
            [.. apps.Select(a => a.App)]);
}
