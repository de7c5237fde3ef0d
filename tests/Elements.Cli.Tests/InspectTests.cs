using System.Diagnostics;
using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Testing.Golden;
using Elements.Testing.Repository;

namespace Elements.Cli.Tests;

/// <summary><c>elements types</c>, <c>elements schema</c> and <c>elements tree</c>.</summary>
public sealed class InspectTests
{
    [Fact]
    public async Task Types_lists_settings_with_required_and_secret_marked()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("types", "--app", app.Root);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Matches(@"\n  authConfig\.appSecret +string +required secret\n", stdout);
        Golden.Verify("types.txt", stdout);

        var (jsonExit, json, _) = await CliRunner.Run("types", "--app", app.Root, "--json");
        Assert.Equal(0, jsonExit);
        var mini = JsonNode.Parse(json)!.AsArray().Single(t => (string?)t!["fullName"] == "auths.loginTypes.WeChatMiniType")!;
        Assert.True((bool)mini["scaffold"]!);
        var appId = mini["settings"]!.AsArray().Single(s => (string?)s!["name"] == "authConfig.appId")!;
        Assert.True((bool)appId["required"]!);
        Assert.False((bool)appId["secret"]!);
    }

    [Fact]
    public async Task Types_without_an_app_lists_the_built_in_library()
    {
        var (exitCode, stdout, stderr) = await CliRunner.Run("types");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        // The test app declares no Types of its own, so its listing is the built-in library's.
        Golden.Verify("types.txt", stdout);

        var (jsonExit, json, _) = await CliRunner.Run("types", "--json");
        Assert.Equal(0, jsonExit);
        Assert.All(JsonNode.Parse(json)!.AsArray(), t => Assert.Equal("elements.std", (string?)t!["appId"]));
    }

    [Fact]
    public async Task Types_reads_apps_with_undefined_placeholders()
    {
        using var app = TempApp.Create();
        app.Write("messages/Kf/e.json", """{ "title": "Kf", "type": "messages.WechatCustomType" }""");
        app.Write("messages/Kf/Kf.json", """{ "appId": "wx1", "appSecret": "{{UNDEFINED_IN_TESTS_SECRET}}" }""");
        var (exitCode, _, stderr) = await CliRunner.Run("types", "--app", app.Root);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Schema_writes_element_and_type_schemas_where_scaffolds_point()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("schema", "--app", app.Root);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Golden.Verify("schema.txt", stdout.Replace(app.Root, "<app>").Replace('\\', '/'));
        var folder = app.Full(".elements/schemas");
        Golden.Verify("schema-e.schema.json", File.ReadAllText(Path.Combine(folder, "e.schema.json")));
        Golden.Verify("schema-WechatPublicType.schema.json", File.ReadAllText(Path.Combine(folder, "auths.loginTypes.WechatPublicType.schema.json")));
        var mini = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "auths.loginTypes.WeChatMiniType.schema.json")))!;
        Assert.Contains("secret", (string?)mini["properties"]!["authConfig"]!["properties"]!["appSecret"]!["description"]);

        // Every $schema a scaffold writes names a file the command wrote.
        Assert.Equal(0, (await CliRunner.Run("new", "auths.loginTypes.MyWechatLogin", "--type", "auths.loginTypes.WechatPublicType",
            "--app", app.Root, "--set", "appId=wx1")).ExitCode);
        foreach (var file in Directory.GetFiles(app.Full("auths/loginTypes/MyWechatLogin")))
        {
            var reference = (string)JsonNode.Parse(File.ReadAllText(file))!["$schema"]!;
            Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, reference))), reference);
        }

        var other = Path.Combine(app.Root, "..", "out");
        Assert.Equal(0, (await CliRunner.Run("schema", "--app", app.Root, "--out", other)).ExitCode);
        Assert.True(File.Exists(Path.Combine(other, "models.NormalType.schema.json")));
    }

    [Fact]
    public async Task Schema_without_an_app_writes_the_built_in_types_and_with_one_adds_the_apps_own()
    {
        using var app = TempApp.Create();
        var library = Path.Combine(app.Root, "..", "std-schemas");
        var (exitCode, stdout, stderr) = await CliRunner.Run("schema", "--out", library);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        // The same schemas as for an app without Types of its own (the schema.txt golden file), here in --out.
        Golden.Verify("schema.txt", stdout.Replace(Path.GetFullPath(library), "<app>/.elements/schemas").Replace('\\', '/'));
        Golden.Verify("schema-e.schema.json", File.ReadAllText(Path.Combine(library, "e.schema.json")));

        // The app's own Type, compiled from its folder, joins the built-in ones.
        app.Write("services/HelloType/e.json", """{ "title": "Hello type", "type": "services.Meta" }""");
        app.Write("services/HelloType/HelloType.cs", $$"""
            // {{Guid.NewGuid()}}
            using Elements.Activation;
            namespace Demo;
            public sealed class HelloConfig { public string Greeting { get; set; } = "Hello"; }
            [ElementType("services.HelloType", ConfigType = typeof(HelloConfig))]
            public sealed class HelloType(HelloConfig config) { public string Greet(string name) => config.Greeting + name; }
            """);
        var (appExit, appOut, appError) = await CliRunner.Run("schema", "--app", app.Root);
        Assert.Equal("", appError);
        Assert.Equal(0, appExit);
        Assert.Contains("services.HelloType.schema.json\n", appOut.Replace("\r\n", "\n"));
        Assert.Contains("17 schema(s) in ", appOut);
        var hello = JsonNode.Parse(File.ReadAllText(app.Full(".elements/schemas/services.HelloType.schema.json")))!;
        Assert.Equal("string", (string?)hello["properties"]!["greeting"]!["type"]);
    }

    [Fact]
    public async Task New_says_how_to_write_the_schemas_its_files_point_at_until_they_exist()
    {
        using var app = TempApp.Create();
        var hint = $"run `elements schema --app {app.Root}`";
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "auths.loginTypes.MyWechatLogin", "--type", "auths.loginTypes.WechatPublicType",
            "--app", app.Root, "--set", "appId=wx1");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Contains(hint, stdout);
        var (typeExit, typeOut, _) = await CliRunner.Run("new", "type", "models.AuditedType", "--extends", "models.NormalType", "--app", app.Root);
        Assert.Equal(0, typeExit);
        Assert.Contains(hint, typeOut);

        Assert.Equal(0, (await CliRunner.Run("schema", "--app", app.Root)).ExitCode);
        var (againExit, again, _) = await CliRunner.Run("new", "auths.loginTypes.OtherLogin", "--type", "auths.loginTypes.WechatPublicType",
            "--app", app.Root, "--set", "appId=wx2");
        Assert.Equal(0, againExit);
        Assert.DoesNotContain("elements schema", again);
    }

    [Theory]
    [InlineData(".elements/schemas/e.schema.json")]
    [InlineData("app/.elements/schemas/e.schema.json")]
    [InlineData("app/.elements/cache/app.dll")]
    public async Task What_the_cli_writes_under_dot_elements_is_git_ignored(string path)
    {
        var git = Process.Start(new ProcessStartInfo("git", ["check-ignore", "--no-index", "--quiet", path])
        {
            WorkingDirectory = SampleApp.RepositoryRoot,
        })!;
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"{path} is not ignored by git (git check-ignore exit code {git.ExitCode})");
    }

    [Fact]
    public async Task Tree_draws_meta_type_instance_in_plain_text_when_not_interactive()
    {
        using var app = TempApp.Create();
        Assert.Equal(0, (await CliRunner.Run("new", "auths.loginTypes.myWeChatMiniLogin", "--type", "auths.loginTypes.WeChatMiniType",
            "--app", app.Root, "--set", "authConfig.appId=wxmini")).ExitCode);
        var (exitCode, stdout, stderr) = await CliRunner.Run("tree", "--app", app.Root);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("\u001b[", stdout);
        Assert.Contains("|   |-- auths.loginTypes.WeChatMiniType  (type, elements.std)\n|   |   `-- auths.loginTypes.myWeChatMiniLogin  (instance, test.Cli)",
            stdout.Replace("\r\n", "\n"));
        Golden.Verify("tree.txt", stdout);
    }

    [Fact]
    public async Task Tree_without_an_app_draws_the_built_in_library()
    {
        var (exitCode, stdout, stderr) = await CliRunner.Run("tree");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        var lines = stdout.Replace("\r\n", "\n").Split('\n');
        Assert.Equal("elements.std", lines[0]);
        Assert.Contains("|   |-- auths.loginTypes.WeChatMiniType  (type, elements.std)", lines);
        Assert.DoesNotContain("test.Cli", stdout);
    }
}
