using System.Text.Json.Nodes;
using Elements.Std.Auths;
using Elements.Std.Models;
using Elements.WeChat.Configuration;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Auths.LoginTypes.WeChatMiniType;

/// <summary>The sample app's <c>auths/loginTypes/myWeChatMiniLogin</c> is the instance JitAi documents, and it works.</summary>
public sealed class SampleAppTests : IAsyncLifetime
{
    private const string DemoMini = "wx0000000000demo03";
    private const string DemoSecret = "demo-mini-secret-for-tests-0123456789";
    private WeChatSandboxServer? _sandbox;
    private string? _parent;

    public async Task InitializeAsync()
    {
        _sandbox = await WeChatSandboxServer.StartAsync();
        await _sandbox.Control.RegisterAppAsync(new SandboxAppRegistration { AppId = DemoMini, Secret = DemoSecret, Kind = SandboxAppKind.Mini, OpenPlatformId = "demo" });
        await _sandbox.Control.RegisterUserAsync(new SandboxUserRegistration { UserId = "alice", Nickname = "Alice" });
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (_parent is not null)
        {
            try
            {
                Directory.Delete(_parent, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public void Sample_instance_files_are_the_ones_jitai_documents()
    {
        var folder = SampleFolder();
        var eJson = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "e.json")))!.AsObject();
        Assert.Equal(
            JsonNode.Parse("""{"type": "auths.loginTypes.WeChatMiniType", "title": "WeChat Mini Program Login", "allowRegister": 1, "backendBundleEntry": ".", "frontBundleEntry": "./myWeChatMiniLogin.json"}""")!.ToJsonString(),
            eJson.ToJsonString());
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "myWeChatMiniLogin.json")))!.AsObject();
        Assert.Equal("""{"authConfig":{"appId":"wx0000000000demo03","appSecret":"{{WECHAT_MINI_SECRET}}"}}""", config.ToJsonString());
    }

    [Fact]
    public async Task Sample_instance_logs_in_against_the_sandbox()
    {
        _parent = Path.Combine(Path.GetTempPath(), "elements-auth-tests", Guid.NewGuid().ToString("N"));
        var appPath = Path.Combine(_parent, "sample");
        var target = Path.Combine(appPath, "auths", "loginTypes", "myWeChatMiniLogin");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(SampleFolder()))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(appPath, "app.json"),
            new JsonObject { ["appId"] = "test.Sample", ["name"] = "Sample", ["title"] = "Sample", ["version"] = "1.0.0", ["envVars"] = new JsonObject { ["WECHAT_MINI_SECRET"] = DemoSecret } }.ToJsonString());
        using var app = ElementApp.Load(appPath, b =>
        {
            b.AddStdElements();
            b.Services.Configure<WeChatOptions>(o => o.ApiBaseUrl = _sandbox!.BaseUrl);
        });
        const string name = "auths.loginTypes.myWeChatMiniLogin";
        var login = app.GetElement<WeChatMiniLoginElement>(name);
        Assert.Equal(name + ".WeChatMiniAuthModel", login.AuthModel);
        Assert.Equal("auths_wechat_mini_auth", app.GetElement<ModelElement>(login.AuthModel).Schema.Table);

        var first = (await app.InvokeAsync(name, "getLoginCode", new JsonObject { ["code"] = (await _sandbox!.Control.MintLoginCodeAsync(DemoMini, "alice")).Code }))!;
        var user = (await app.InvokeAsync(name, "register", new JsonObject { ["bindCode"] = first["bindCode"]!.DeepClone() }))!;
        var second = (await app.InvokeAsync(name, "getLoginCode", new JsonObject { ["code"] = (await _sandbox.Control.MintLoginCodeAsync(DemoMini, "alice")).Code }))!;
        Assert.Equal((long)user["userId"]!, (long)second["userId"]!);
        var session = (await app.InvokeAsync("auths.services.AuthSvc", "login", new JsonObject { ["loginCode"] = second["loginCode"]!.DeepClone() }))!;
        Assert.NotNull(session["token"]);

        // the auth model is served by no function: session keys never leave through the CLI or HTTP API
        var hidden = await Assert.ThrowsAnyAsync<ElementException>(() => app.InvokeAsync(login.AuthModel, "query", []));
        Assert.Equal("EL_UNKNOWN_FUNCTION", hidden.Code);
        if (app.TryGetElement("databases.Default", out var db) && db is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private static string SampleFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elements.sln")))
            {
                return Path.Combine(dir.FullName, "app", "auths", "loginTypes", "myWeChatMiniLogin");
            }
        }

        throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
    }
}
