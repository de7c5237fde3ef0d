using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Testing.Golden;

namespace Elements.Cli.Tests;

/// <summary><c>elements new FULLNAME --type TYPE --app DIR</c> from the std Types' scaffold templates.</summary>
public sealed class NewTests
{
    private static string JitAiInstances => Path.Combine(AppContext.BaseDirectory, "Fixtures", "JitAiInstances");

    /// <summary>The app root replaced so golden files do not depend on the temp folder.</summary>
    private static string Scrub(string text, TempApp app) => text.Replace(app.Root, "<app>").Replace('\\', '/');

    /// <summary>Each file of <paramref name="expectedFolder"/> equals the scaffolded file of the same name, <c>$schema</c> aside,
    /// and the scaffold wrote no other file.</summary>
    private static void AssertMatchesJitAiInstance(string expectedFolder, string instanceFolder)
    {
        var expected = Directory.GetFiles(expectedFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var actual = Directory.GetFiles(instanceFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        foreach (var file in expected)
        {
            var written = JsonNode.Parse(File.ReadAllText(Path.Combine(instanceFolder, file!)))!.AsObject();
            Assert.StartsWith("../../../.elements/schemas/", (string?)written["$schema"]);
            written.Remove("$schema");
            var expectedJson = JsonNode.Parse(File.ReadAllText(Path.Combine(expectedFolder, file!)));
            Assert.True(JsonNode.DeepEquals(expectedJson, written), $"{file}: expected {expectedJson!.ToJsonString()}, got {written.ToJsonString()}");
            Assert.Equal([.. expectedJson!.AsObject().Select(p => p.Key)], written.Select(p => p.Key));
        }
    }

    [Fact]
    public async Task WeChat_public_instance_matches_the_jitai_document()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "auths.loginTypes.MyWechatLogin", "--type", "auths.loginTypes.WechatPublicType",
            "--app", app.Root, "--set", "appId=wx1234567890abcdef", "--set", "state=customStateValue");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Golden.Verify("new-wechat-public.txt", Scrub(stdout, app));
        AssertMatchesJitAiInstance(Path.Combine(JitAiInstances, "WechatPublicType", "MyWechatLogin"), app.Full("auths/loginTypes/MyWechatLogin"));
        Golden.Verify("new-wechat-public.MyWechatLogin.json", app.Read("auths/loginTypes/MyWechatLogin/MyWechatLogin.json"));
    }

    [Fact]
    public async Task WeChat_mini_instance_matches_the_jitai_document()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "auths.loginTypes.myWeChatMiniLogin", "--type", "auths.loginTypes.WeChatMiniType",
            "--app", app.Root, "--set", "authConfig.appId=your_mini_program_app_id", "--set", "allowRegister=1");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Golden.Verify("new-wechat-mini.txt", Scrub(stdout, app));
        AssertMatchesJitAiInstance(Path.Combine(JitAiInstances, "WeChatMiniType", "myWeChatMiniLogin"), app.Full("auths/loginTypes/myWeChatMiniLogin"));
        Golden.Verify("new-wechat-mini.e.json", app.Read("auths/loginTypes/myWeChatMiniLogin/e.json"));

        // With the secret defined, the scaffolded instance loads and binds; $schema keys do not disturb the loader.
        var (shown, show, showError) = await CliRunner.Run("show", "auths.loginTypes.myWeChatMiniLogin", "--app", app.Root,
            "--var", "MYWECHATMINILOGIN_APP_SECRET=mini-secret-value", "--json");
        Assert.Equal("", showError);
        Assert.Equal(0, shown);
        var config = JsonNode.Parse(show)!["config"]!;
        Assert.Equal("your_mini_program_app_id", (string?)config["authConfig"]!["appId"]);
        Assert.Equal("***", (string?)config["authConfig"]!["appSecret"]);
        Assert.Equal(1, (int)config["allowRegister"]!);
        Assert.DoesNotContain("mini-secret-value", show);
    }

    [Fact]
    public async Task Model_and_message_instances_load()
    {
        using var app = TempApp.Create();
        var (modelExit, _, modelError) = await CliRunner.Run("new", "models.Todo", "--type", "models.NormalType", "--app", app.Root);
        Assert.Equal("", modelError);
        Assert.Equal(0, modelExit);
        Golden.Verify("new-model.e.json", app.Read("models/Todo/e.json"));

        var (messageExit, _, messageError) = await CliRunner.Run("new", "messages.Kf", "--type", "messages.WechatCustomType", "--app", app.Root,
            "--set", "appId=wx1234567890abcdef", "--set", "tokenMode=classic");
        Assert.Equal("", messageError);
        Assert.Equal(0, messageExit);
        Golden.Verify("new-message.Kf.json", app.Read("messages/Kf/Kf.json"));

        // The scaffolded model works end to end: its table syncs and takes rows.
        var (syncExit, _, _) = await CliRunner.Run("db", "sync", "--app", app.Root, "--var", "KF_APP_SECRET=x");
        Assert.Equal(0, syncExit);
        var (created, row, _) = await CliRunner.Run("invoke", "models.Todo", "create", "--app", app.Root, "--var", "KF_APP_SECRET=x",
            "--args", """{"rowData": {}}""");
        Assert.Equal(0, created);
        Assert.Equal(1, (int)JsonNode.Parse(row)!["id"]!);
    }

    [Fact]
    public async Task Refuses_to_overwrite_without_force()
    {
        using var app = TempApp.Create();
        string[] args = ["new", "messages.Kf", "--type", "messages.WechatCustomType", "--app", app.Root, "--set", "appId=wxfirst"];
        Assert.Equal(0, (await CliRunner.Run(args)).ExitCode);

        var (exitCode, stdout, stderr) = await CliRunner.Run([.. args[..^1], "appId=wxsecond"]);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Golden.Verify("new-exists.json", stderr);
        Assert.Contains("wxfirst", app.Read("messages/Kf/Kf.json"));

        var (forced, _, forcedError) = await CliRunner.Run([.. args[..^1], "appId=wxsecond", "--force"]);
        Assert.Equal("", forcedError);
        Assert.Equal(0, forced);
        Assert.Contains("wxsecond", app.Read("messages/Kf/Kf.json"));
    }

    [Fact]
    public async Task Missing_required_settings_are_listed_when_not_interactive()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "auths.loginTypes.myWeChatMiniLogin", "--type", "auths.loginTypes.WeChatMiniType",
            "--app", app.Root);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Golden.Verify("new-missing-settings.json", stderr);
        Assert.False(Directory.Exists(app.Full("auths")));
    }

    [Fact]
    public async Task Secret_in_clear_is_refused_and_a_placeholder_is_accepted()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "auths.loginTypes.MyWechatLogin", "--type", "auths.loginTypes.WechatPublicType",
            "--app", app.Root, "--set", "appId=wx1", "--set", "appSecret=s3cr3t-in-clear");
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.DoesNotContain("s3cr3t-in-clear", stderr);
        Golden.Verify("new-secret-refused.json", stderr);
        Assert.False(Directory.Exists(app.Full("auths")));

        var (placeholder, _, placeholderError) = await CliRunner.Run("new", "auths.loginTypes.MyWechatLogin", "--type",
            "auths.loginTypes.WechatPublicType", "--app", app.Root, "--set", "appId=wx1", "--set", "appSecret={{WX_SECRET}}");
        Assert.Equal("", placeholderError);
        Assert.Equal(0, placeholder);
        Assert.Contains("\"appSecret\": \"{{WX_SECRET}}\"", app.Read("auths/loginTypes/MyWechatLogin/MyWechatLogin.json"));
    }

    [Fact]
    public async Task Unknown_setting_and_non_type_are_errors()
    {
        using var app = TempApp.Create();
        var (unknown, _, unknownError) = await CliRunner.Run("new", "messages.Kf", "--type", "messages.WechatCustomType", "--app", app.Root,
            "--set", "appid2=x");
        Assert.Equal(1, unknown);
        Golden.Verify("new-unknown-setting.json", unknownError);

        var (meta, _, metaError) = await CliRunner.Run("new", "messages.Kf", "--type", "messages.Meta", "--app", app.Root);
        Assert.Equal(1, meta);
        Assert.Contains("not a Type", metaError);
    }

    [Fact]
    public async Task A_derived_type_without_templates_uses_its_base_types_scaffold()
    {
        using var app = TempApp.Create();
        app.Write("auths/loginTypes/ShopPublicType/e.json", """{ "title": "Shop login", "type": "auths.loginTypes.WechatPublicType", "functionList": [] }""");
        var (exitCode, _, stderr) = await CliRunner.Run("new", "auths.loginTypes.ShopLogin", "--type", "auths.loginTypes.ShopPublicType",
            "--app", app.Root, "--set", "appId=wxshop", "--set", "title=Shop");
        Assert.True(stderr == "", stderr);
        Assert.Equal(0, exitCode);
        var e = JsonNode.Parse(app.Read("auths/loginTypes/ShopLogin/e.json"))!;
        Assert.Equal("auths.loginTypes.ShopPublicType", (string?)e["type"]);
        Assert.Equal("Shop", (string?)e["title"]);
    }

    [Fact]
    public async Task Invalid_scaffold_output_is_rolled_back_with_the_diagnostics()
    {
        using var app = TempApp.Create();
        app.Write("services/GreeterType/e.json", """{ "title": "Greeter", "type": "services.NormalType" }""");
        // Renders a business config that is not a JSON object.
        app.Write("services/GreeterType/scaffold/e.json.sbn", """{ "title": {{ name | json }}, "type": {{ type | json }} }""");
        app.Write("services/GreeterType/scaffold/{{name}}.json.sbn", "[1, 2]");
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "services.Hello", "--type", "services.GreeterType", "--app", app.Root);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Golden.Verify("new-invalid-output.txt", Scrub(stderr, app));
        Assert.False(Directory.Exists(app.Full("services/Hello")));

        // A template that does not parse names its file and position.
        app.Write("services/GreeterType/scaffold/{{name}}.json.sbn", "{ \"x\": {{ if }} }");
        (exitCode, _, stderr) = await CliRunner.Run("new", "services.Hello", "--type", "services.GreeterType", "--app", app.Root);
        Assert.Equal(1, exitCode);
        Assert.Contains("EL_SCAFFOLD_INVALID", stderr);
        Assert.Contains("{{name}}.json.sbn(1,", stderr);
        Assert.False(Directory.Exists(app.Full("services/Hello")));
    }

    [Fact]
    public async Task Schema_keys_are_accepted_by_the_loader()
    {
        using var app = TempApp.Create();
        app.Write("services/Greeter/e.json", """{ "$schema": "../../.elements/schemas/e.schema.json", "title": "Greeter", "type": "services.NormalType" }""");
        app.Write("services/Greeter/Greeter.json", """{ "$schema": "x.json", "greeting": "hi" }""");
        app.Write("messages/Kf/e.json", """{ "$schema": "../../.elements/schemas/e.schema.json", "title": "Kf", "type": "messages.WechatCustomType" }""");
        app.Write("messages/Kf/Kf.json", """{ "$schema": "x.json", "appId": "wx1", "appSecret": "{{KF_SECRET}}" }""");
        var (exitCode, stdout, stderr) = await CliRunner.Run("validate", "--app", app.Root, "--var", "KF_SECRET=x");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.StartsWith("test.Cli: valid", stdout);
    }
}

public sealed class NewPromptTests
{
    [Fact]
    public async Task Interactive_run_prompts_for_missing_required_settings()
    {
        using var app = TempApp.Create();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, new StringReader("wxprompted\n"), interactive: true);
        var exitCode = await CliApplication.RunAsync(["new", "messages.Kf", "--type", "messages.WechatCustomType", "--app", app.Root], console);
        Assert.Equal("", stderr.ToString());
        Assert.Equal(0, exitCode);
        Assert.Contains("appId (string):", stdout.ToString());
        Assert.Contains("\"appId\": \"wxprompted\"", app.Read("messages/Kf/Kf.json"));
    }
}
