using Elements.Diagnostics;
using Elements.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Runtime.Tests.Fuzz;

/// <summary>The minimal inputs behind what the loader fuzz found, each pinned to the diagnostic it now gives.</summary>
public sealed class LoaderFuzzRegressionTests
{
    private const string AppJson = """{ "appId": "test.Fuzz" }""";

    [Fact]
    public void Invalid_utf8_in_an_e_json_string_is_EL0001_at_its_position()
    {
        var diagnostic = Single(temp => temp.WriteBytes("x/e.json", [.. "{\n  \"title\": \"a"u8, 0xFF, .. "\",\n  \"type\": \"\"\n}"u8]));
        Assert.Equal("x/e.json(2,14): error EL0001: malformed JSON: invalid UTF-8 byte 0xFF (the file must be UTF-8)", diagnostic);
    }

    [Fact]
    public void Invalid_utf8_in_a_business_config_is_EL0001()
    {
        var diagnostic = Single(temp =>
        {
            temp.Write("x/e.json", """{ "title": "x", "type": "" }""");
            temp.WriteBytes("x/x.json", [.. "{ \"k\": \""u8, 0xC3, 0x28, .. "\" }"u8]);
        });
        Assert.Equal("x/x.json(1,9): error EL0001: malformed JSON: invalid UTF-8 byte 0xC3 (the file must be UTF-8)", diagnostic);
    }

    [Fact]
    public void Invalid_utf8_in_app_json_is_EL0001()
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.WriteBytes("app.json", [.. "{ \"appId\": \"test.Fuzz\", \"title\": \""u8, 0x80, .. "\" }"u8]);
        var ex = Assert.Throws<ElementLoadException>(() => Load(temp.Root));
        Assert.Equal("app.json(1,35): error EL0001: malformed JSON: invalid UTF-8 byte 0x80 (the file must be UTF-8)", Assert.Single(ex.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("""{ "title": "\ud800", "type": "" }""", "x/e.json(1,13): error EL0001: malformed JSON: \\uD800 is an unpaired surrogate escape (not valid text)")]
    [InlineData("""{ "title": "x", "type": "", "k": ["\udc00x"] }""", "x/e.json(1,36): error EL0001: malformed JSON: \\uDC00 is an unpaired surrogate escape (not valid text)")]
    [InlineData("""{ "title": "x", "\ud83dk": 1, "type": "" }""", "x/e.json(1,18): error EL0001: malformed JSON: \\uD83D is an unpaired surrogate escape (not valid text)")]
    public void An_unpaired_surrogate_escape_is_EL0001(string eJson, string expected) =>
        Assert.Equal(expected, Single(temp => temp.Write("x/e.json", eJson)));

    [Fact]
    public void Valid_surrogate_pairs_and_escapes_in_comments_still_load()
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", AppJson);
        temp.Write("x/e.json", """
            // a comment may say \ud800 /* and \udc00 */
            { "title": "\ud83d\ude00 \\ud800", /* \ud800 */ "type": "" }
            """);
        using var app = Load(temp.Root);
        Assert.Equal("\U0001F600 \\ud800", app.GetElementDefine("x").Title);
    }

    [Fact]
    public void A_duplicate_key_in_app_json_loads_and_the_last_one_wins_as_in_e_json()
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", """{ "appId": "test.First", "settings": {}, "appId": "test.Fuzz", "settings": { "k": 1 } }""");
        using var app = Load(temp.Root);
        Assert.Equal("test.Fuzz", app.AppId);
        Assert.Equal(1, (int)app.Settings["k"]!);
    }

    [Fact]
    public void A_nul_character_in_frontBundleEntry_is_EL0003()
    {
        var diagnostic = Single(temp => temp.Write("x/e.json", """{ "title": "x", "type": "", "frontBundleEntry": "\u0000.json" }"""));
        Assert.Equal("x/e.json(1,49): error EL0003: frontBundleEntry of 'x' is not a valid file path: it contains a NUL character", diagnostic);
    }

    [Fact]
    public void A_value_from_the_environment_is_masked_in_a_config_diagnostic_even_outside_secret_fields()
    {
        const string secret = "env-secret-7c1d94e2";
        var diagnostic = Single(
            temp => temp.Write("models/Thing/e.json", """
                { "title": "x", "type": "models.NormalType", "fields": [{ "name": "{{FUZZ_SECRET}}", "dataType": "Stext" }] }
                """),
            name => name == "FUZZ_SECRET" ? secret : null);
        Assert.DoesNotContain(secret, diagnostic, StringComparison.Ordinal);
        Assert.Contains("EL0010", diagnostic, StringComparison.Ordinal);
        Assert.Contains("'***'", diagnostic, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"a\":", "}")]
    public void Ten_thousand_nested_levels_are_EL0001_not_a_stack_overflow(string open, string close)
    {
        var nested = string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));
        var diagnostic = Single(temp => temp.Write("x/e.json", "{ \"title\": \"x\", \"type\": \"\",\n \"deep\": " + nested + " }"));
        Assert.StartsWith("x/e.json(2,", diagnostic, StringComparison.Ordinal);
        Assert.Contains("error EL0001: malformed JSON: The maximum configured depth of 64 has been exceeded.", diagnostic, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("99999999999999999999999")]
    public void A_huge_loginRequired_loads_as_login_required(string value)
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", AppJson);
        temp.Write("x/e.json", $$"""{ "title": "x", "type": "", "functionList": [{ "name": "f", "loginRequired": {{value}} }] }""");
        using var app = Load(temp.Root);
        Assert.True(Assert.Single(app.GetElementDefine("x").Functions).LoginRequired);
    }

    [Fact]
    public async Task Thousands_of_problems_in_one_file_are_located_in_linear_time()
    {
        // Each diagnostic used to re-scan the file from the top: 2,000 took seconds, 5,000 most of a minute.
        const int count = 5_000;
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", AppJson);
        temp.Write("x/e.json", "{ \"title\": \"x\", \"type\": \"auths.loginTypes.PasswordType\", \"functionList\": [\n"
            + string.Join(",\n", Enumerable.Range(0, count).Select(i => $"  {{ \"name\": \"absent{i}\" }}")) + "\n] }");
        var ex = await Task.Run(() => Assert.Throws<ElementLoadException>(() => Load(temp.Root))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(count, ex.Diagnostics.Count);
        Assert.All(ex.Diagnostics, d => Assert.Equal((DiagnosticCodes.MissingFunction, 3), (d.Code, d.Column)));
        Assert.Equal(Enumerable.Range(2, count), ex.Diagnostics.Select(d => d.Line).Order());
    }

    [Fact]
    public void A_config_class_whose_validation_crashes_is_a_binding_error_not_a_crash_of_the_load()
    {
        // Found with WeChatPublicConfig and "redirectDomains": null (a JSON null binds as null, not as the default).
        var errors = new List<(string? Path, string Message)>();

        var bound = Configuration.ConfigBinder.Bind(new System.Text.Json.Nodes.JsonObject { ["items"] = null },
            typeof(TestElements.ThrowingValidationConfig), errors);

        Assert.Null(bound);
        Assert.Equal("validation of ThrowingValidationConfig failed with NullReferenceException (a bug in its Validate: report it)",
            Assert.Single(errors).Message);
    }

    private static ElementApp Load(string root, Func<string, string?>? environment = null) =>
        ElementApp.Load(root, b => b.AddStdElements().Configure(o => o.Environment = environment ?? (_ => null)));

    /// <summary>Loads a one-app layout (the real built-in library behind it) that must fail with exactly one diagnostic.</summary>
    private static string Single(Action<TempApp> write, Func<string, string?>? environment = null)
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", AppJson);
        write(temp);
        var ex = Assert.Throws<ElementLoadException>(() => Load(temp.Root, environment));
        return Assert.Single(ex.Diagnostics).ToString();
    }
}
