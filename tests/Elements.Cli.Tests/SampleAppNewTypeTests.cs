using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;

namespace Elements.Cli.Tests;

/// <summary>
/// <c>elements new type</c> in the README's own sample app (a folder with the host's <c>.csproj</c>): the scaffolded
/// class is compiled by the runtime like any app's, so the Type validates and its instances can be invoked.
/// </summary>
public sealed class SampleAppNewTypeTests
{
    // Outside the host nothing supplies the sandbox's demo secrets (README section 4).
    private static readonly string[] Secrets =
        ["--var", "WECHAT_OA_SECRET=x", "--var", "WECHAT_OA2_SECRET=x", "--var", "WECHAT_MINI_SECRET=x"];

    private static Task<(int ExitCode, string Stdout, string Stderr)> Run(TempApp app, params string[] args) =>
        CliRunner.Run([.. args, "--app", app.Root, .. Secrets]);

    private static async Task<string> Succeeds(TempApp app, params string[] args)
    {
        var (exitCode, stdout, stderr) = await Run(app, args);
        Assert.True(exitCode == 0, $"elements {string.Join(' ', args)} exited {exitCode}: {stderr}{stdout}");
        return stdout;
    }

    [Fact]
    public async Task A_service_type_scaffolded_in_the_sample_app_validates_and_its_instance_answers()
    {
        using var app = TempApp.FromSampleAppClone();
        Assert.True(File.Exists(app.Full("Elements.Host.csproj")), "the copy keeps the host project, as a clone has it");

        await Succeeds(app, "new", "type", "services.ShopSvcType", "--extends", "services.NormalType");
        await Succeeds(app, "new", "services.Shop1", "--type", "services.ShopSvcType");
        Assert.Contains("valid", await Succeeds(app, "validate"));

        var hello = await Succeeds(app, "invoke", "services.Shop1", "hello", "--args", """{"name": "Ann"}""");
        Assert.Equal("Hello, Ann!", JsonNode.Parse(hello)!.GetValue<string>());
    }

    [Fact]
    public async Task Login_types_derived_in_the_sample_app_load_as_types()
    {
        using var app = TempApp.FromSampleAppClone();
        // Without the compiled class these folders were Instances: the mini-program one failed EL0010 (authConfig
        // is required), the password one EL_SCAFFOLD_INVALID.
        await Succeeds(app, "new", "type", "auths.loginTypes.ShopMiniType", "--extends", "auths.loginTypes.WeChatMiniType");
        await Succeeds(app, "new", "type", "auths.loginTypes.ShopPasswordType", "--extends", "auths.loginTypes.PasswordType");
        await Succeeds(app, "validate");

        var show = JsonNode.Parse(await Succeeds(app, "show", "auths.loginTypes.ShopMiniType", "--json"))!;
        Assert.Equal("type", show["layer"]!.GetValue<string>());

        // PasswordType ships no scaffold (it has no config), so the instance is written as the sample app's Passwords is.
        app.Write("auths/loginTypes/ShopPasswords/e.json", """{ "title": "Shop passwords", "type": "auths.loginTypes.ShopPasswordType" }""");
        // PasswordType is sealed, so the skeleton stands alone with stubs: the call reaches the compiled stub.
        var (exitCode, _, stderr) = await Run(app, "invoke", "auths.loginTypes.ShopPasswords", "register",
            "--args", """{"username": "ada", "password": "correct horse battery"}""");
        Assert.Equal(1, exitCode);
        Assert.Contains("auths.loginTypes.ShopPasswordType.register is not implemented yet: write RegisterAsync in ShopPasswordType.cs", stderr);
    }
}
