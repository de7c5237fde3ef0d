using Elements.Diagnostics;
using Elements.Runtime.Tests.Support;

namespace Elements.Runtime.Tests;

/// <summary>Each load rule's exact diagnostic text, and that one scan reports all of them at once.</summary>
public sealed class DiagnosticsTests
{
    private static readonly IReadOnlyList<string> Everything = TestApps.Diagnostics(TestApps.Broken("Everything"));

    [Theory]
    [InlineData("malformed/e.json(3,11): error EL0001: malformed JSON: ',' is an invalid start of a value.")]
    [InlineData("badconfig/config.json(1,10): error EL0001: malformed JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'.")]
    [InlineData("notitle/e.json(1,1): error EL0002: element 'notitle' lacks the required property 'title'")]
    [InlineData("notype/e.json(1,1): error EL0002: element 'notype' lacks the required property 'type'")]
    [InlineData("access/e.json(4,21): error EL0003: accessModifier of 'access' must be 'public', 'protected' or 'private', not 'friends'")]
    [InlineData("unknown/e.json(3,11): error EL0004: unknown type 'services.NormalTyp' of element 'unknown'; did you mean 'services.NormalType', 'services.NoImpl'?")]
    [InlineData("layer/UsesInstance/e.json(3,11): error EL0005: 'layer.UsesInstance' has type 'layer.Inst', which is an Instance; a type must be a Meta or a Type")]
    [InlineData("broken/MetaWithClass/e.json(1,43): error EL0005: 'broken.MetaWithClass' is a Meta and cannot be implemented by Elements.Runtime.Tests.TestElements.MetaWithClass; implement a Type of it instead")]
    [InlineData("cycle/B/e.json(1,25): error EL0006: type cycle: cycle.A -> cycle.B -> cycle.A")]
    [InlineData("dup/frontend/e.json(1,1): error EL0007: element 'dup' is declared twice in app 'test.Everything' (also in dup/e.json)")]
    [InlineData("services/ProtectedSvc/e.json(1,1): error EL0008: element 'services.ProtectedSvc' overrides the protected element of app 'test.Lib'; protected elements can be inherited but not overridden")]
    [InlineData("vars/Missing/Missing.json(3,14): error EL0009: element 'vars.Missing': variable 'ELEMENTS_TEST_UNDEFINED_VAR' used in Missing.json is not defined in envVars or the environment")]
    [InlineData("auths/loginTypes/NoAppId/e.json(1,1): error EL0010: config of 'auths.loginTypes.NoAppId' is invalid: The AppId field is required.")]
    [InlineData("auths/loginTypes/BadRegister/e.json(5,3): error EL0010: config of 'auths.loginTypes.BadRegister' is invalid: cannot bind to WeChatPublicConfig at '$.allowRegister': The JSON value could not be converted to System.Int32.")]
    [InlineData("services/NoImpl/e.json(6,5): error EL0011: function 'absent' of 'services.NoImpl' has no implementation: Elements.Runtime.Tests.TestElements.NoImpl has no method Absent or AbsentAsync")]
    [InlineData("bundle/e.json(4,23): error EL0014: element 'bundle': frontBundleEntry names './nowhere.json', which does not exist")]
    public void Each_rule_reports_its_exact_line(string expected) => Assert.Contains(expected, Everything);

    [Fact]
    public void One_scan_reports_every_problem_sorted_by_path()
    {
        Assert.Equal(16, Everything.Count);
        Assert.Equal([.. Everything.Order(StringComparer.Ordinal)], Everything);
        Assert.DoesNotContain(Everything, d => d.Contains("'fine'", StringComparison.Ordinal));
    }

    [Fact]
    public void Elements_depending_on_a_broken_type_are_not_reported_again()
    {
        // cycle.A is part of the loop reported at cycle.B; it gets no second diagnostic.
        Assert.Single(Everything, d => d.Contains("EL0006", StringComparison.Ordinal));
        Assert.DoesNotContain(Everything, d => d.StartsWith("cycle/A/", StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_values_never_appear_in_diagnostics()
    {
        Assert.DoesNotContain(Everything, d => d.Contains("topsecret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_app_json()
    {
        Assert.Equal(["app.json(1,40): error EL0001: malformed JSON: 'o' is an invalid start of a value."],
            TestApps.Diagnostics(TestApps.Broken("BadAppJson")));
    }

    [Fact]
    public void App_json_without_app_id()
    {
        Assert.Equal(["app.json(1,1): error EL0012: app.json lacks the required string 'appId'"], TestApps.Diagnostics(TestApps.Broken("NoAppId")));
    }

    [Fact]
    public void Unknown_parent_app_suggests_close_app_ids()
    {
        var diagnostic = Assert.Single(TestApps.Diagnostics(TestApps.Broken("UnknownParent")));
        Assert.StartsWith("app.json(1,45): error EL0012: app 'test.UnknownParent' extends 'test.Lbi', which is not on the search path; did you mean ", diagnostic);
        Assert.Contains("'test.Lib'", diagnostic);
    }

    [Fact]
    public void App_extends_cycle()
    {
        Assert.Equal(["../Two/app.json(1,35): error EL0012: app 'test.Two' extends 'test.One', which already extends it: test.One -> test.Two -> test.One"],
            TestApps.Diagnostics(TestApps.Broken("Cycle/One")));
    }

    [Fact]
    public void Missing_app_folder()
    {
        var missing = Path.Combine(TestApps.Fixtures, "NoSuchApp");
        var ex = Assert.Throws<ElementLoadException>(() => TestApps.Load(missing));
        Assert.Equal($"app.json(1,1): error EL0012: app folder '{missing}' does not exist", Assert.Single(ex.Diagnostics).ToString());
    }

    [Fact]
    public void Diagnostic_format_is_compiler_style()
    {
        Assert.Equal("a/e.json(2,5): error EL0004: boom", new ElementDiagnostic("EL0004", "a/e.json", 2, 5, "boom").ToString());
    }

    [Fact]
    public void Load_exception_message_lists_every_diagnostic()
    {
        var ex = Assert.Throws<ElementLoadException>(() => TestApps.Load(TestApps.Broken("Everything"), b => b.AddLibraryRoot(TestApps.Lib)));
        foreach (var diagnostic in ex.Diagnostics)
        {
            Assert.Contains(diagnostic.ToString(), ex.Message);
        }

        Assert.Equal(ex.Diagnostics.Count, ex.Details!["diagnostics"]!.AsArray().Count);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        using var app = TempApp.Create();
        app.Write("app.json", """{ "appId": "test.Columns" }""");
        app.Write("x/e.json", "{ \"title\": \"微信登录\", \"type\": \"services.NormalTyp\" }");
        var diagnostic = Assert.Single(TestApps.Diagnostics(app.Root));
        Assert.StartsWith("x/e.json(1,28): error EL0004:", diagnostic);
    }
}
