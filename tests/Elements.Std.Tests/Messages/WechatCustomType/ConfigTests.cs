using System.Text.Json.Nodes;
using Elements.Diagnostics;
using Elements.Std.Messages;
using Elements.Std.Tests.Support;
using Elements.WeChatSandbox.Contracts;

namespace Elements.Std.Tests.Messages.WechatCustomType;

/// <summary>The instance config: {appId, appSecret, tokenMode}, the secret as a {{VAR}} placeholder, and the sample app's instance.</summary>
public sealed class ConfigTests : MessagingTestBase
{
    [Fact]
    public async Task The_secret_placeholder_resolves_from_the_apps_envVars()
    {
        using var app = LoadApp();
        var alice = await InteractAsync(Alice);

        await SendTextAsync(app, alice, "hi");

        // The sandbox only hands out a token for the right secret, so delivery proves the placeholder resolved.
        Assert.Single(await Control.GetMessagesAsync(AppId));
    }

    [Fact]
    public void An_undefined_secret_variable_stops_the_load()
    {
        var error = Assert.Throws<ElementLoadException>(() => LoadApp(InstanceConfig(), new Dictionary<string, string>()));

        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.MissingVariable && d.Message.Contains(SecretVariable, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("appId")]
    [InlineData("appSecret")]
    public void A_missing_credential_is_a_config_error(string key)
    {
        var config = InstanceConfig();
        config.Remove(key);

        var error = Assert.Throws<ElementLoadException>(() => LoadApp(config));

        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.InvalidConfig && d.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_token_mode_is_a_config_error()
    {
        var error = Assert.Throws<ElementLoadException>(() => LoadApp(InstanceConfig("hourly")));

        Assert.Contains(error.Diagnostics, d => d.Code == DiagnosticCodes.InvalidConfig && d.Message.Contains("tokenMode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_instances_for_two_accounts_send_as_their_own_account()
    {
        const string otherAppId = "wx1111111111other";
        const string otherSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        await Control.RegisterAppAsync(new SandboxAppRegistration { AppId = otherAppId, Secret = otherSecret, Kind = SandboxAppKind.Official });
        var folder = CreateFolder(new Dictionary<string, string> { [SecretVariable] = Secret, ["OTHER_SECRET"] = otherSecret });
        folder.WriteElement(Element, new JsonObject { ["title"] = "A", ["type"] = "messages.WechatCustomType" }, InstanceConfig());
        folder.WriteElement("messages.OtherService", new JsonObject { ["title"] = "B", ["type"] = "messages.WechatCustomType" },
            new JsonObject { ["appId"] = otherAppId, ["appSecret"] = "{{OTHER_SECRET}}", ["tokenMode"] = "classic" });
        using var app = Load(folder);
        await Control.RecordInteractionAsync(AppId, Alice);
        await Control.RecordInteractionAsync(otherAppId, Alice);

        await SendTextAsync(app, await OpenIdAsync(Alice), "from A");
        await app.InvokeAsync("messages.OtherService", "sendText",
            new JsonObject { ["openid"] = (await Control.GetUserAsync(otherAppId, Alice)).OpenId, ["content"] = "from B" });

        Assert.Equal("from A", Assert.Single(await Control.GetMessagesAsync(AppId)).Body["text"]!["content"]!.GetValue<string>());
        Assert.Equal("from B", Assert.Single(await Control.GetMessagesAsync(otherAppId)).Body["text"]!["content"]!.GetValue<string>());
        Assert.Equal(1, await CallsAsync(StableTokenPath));
        Assert.Equal(1, await CallsAsync(ClassicTokenPath));
    }

    [Fact]
    public async Task The_sample_apps_instance_loads_and_sends_as_the_demo_official_account()
    {
        const string demoAppId = "wx0000000000demo01";
        const string demoSecret = "5e1f0c8a9b7d4e3f2a1b0c9d8e7f6a5b";
        var sample = Path.Combine(RepositoryRoot(), "app", "messages", "MyCustomService");
        var config = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(sample, "MyCustomService.json")))!;
        Assert.Equal(demoAppId, config["appId"]!.GetValue<string>());
        Assert.Equal("{{WECHAT_OA_SECRET}}", config["appSecret"]!.GetValue<string>());

        await Control.RegisterAppAsync(new SandboxAppRegistration { AppId = demoAppId, Secret = demoSecret, Kind = SandboxAppKind.Official });
        var folder = CreateFolder(new Dictionary<string, string> { ["WECHAT_OA_SECRET"] = demoSecret });
        folder.CopyElement(sample, "messages.MyCustomService");
        using var app = Load(folder);
        await Control.RecordInteractionAsync(demoAppId, Alice);

        var element = app.GetElement<WeChatCustomElement>("messages.MyCustomService");
        var result = await app.InvokeAsync("messages.MyCustomService", "sendText",
            new JsonObject { ["openid"] = (await Control.GetUserAsync(demoAppId, Alice)).OpenId, ["content"] = "Welcome!" });

        Assert.Equal(demoAppId, element.AppId);
        Assert.Equal(0, result!["errcode"]!.GetValue<int>());
        Assert.Equal("Welcome!", Assert.Single(await Control.GetMessagesAsync(demoAppId)).Body["text"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public void The_sample_app_instance_points_at_the_hosts_demo_official_account()
    {
        var root = RepositoryRoot();
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "app", "appsettings.json")))!;
        var apps = settings["Elements"]!["WeChat"]!["Sandbox"]!["Apps"]!.AsArray();
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "app", "messages", "MyCustomService", "MyCustomService.json")))!;

        var demo = Assert.Single(apps, a => a!["AppId"]!.GetValue<string>() == config["appId"]!.GetValue<string>());
        Assert.Equal("official", demo!["Kind"]!.GetValue<string>());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elements.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
    }
}
