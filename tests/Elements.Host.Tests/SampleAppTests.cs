using System.Net;
using Elements.Host.Tests.Support;
using Elements.WeChat.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests;

/// <summary>The repository's own <c>app/</c> folder with its committed appsettings.json, as <c>dotnet run --project app</c>
/// serves it (but on a free port).</summary>
public sealed class SampleAppTests
{
    [Fact]
    public async Task Sample_app_starts_with_demo_wechat_apps_whose_generated_secrets_work()
    {
        await using var host = await TestHost.StartAsync(FindAppFolder(), new Dictionary<string, string?>());

        using var health = await host.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("demo.SampleApp", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("/api/demo/SampleApp/", host.Banner.ToString(), StringComparison.Ordinal);

        // The demo mini program and user from appsettings.json, through the client the elements use. The client knows
        // the app once its login element registered the secret its config names ({{WECHAT_MINI_SECRET}}, which the
        // sandbox add-on answers with the sandbox app's secret): the host itself substitutes nothing.
        host.Services.GetRequiredService<ElementApp>().GetElement("auths.loginTypes.myWeChatMiniLogin");
        var code = await host.Sandbox.MintLoginCodeAsync("wx0000000000demo03", "alice");
        var session = await host.Services.GetRequiredService<IWeChatClient>().Code2SessionAsync("wx0000000000demo03", code.Code);
        Assert.Equal((await host.Sandbox.GetUserAsync("wx0000000000demo03", "alice")).OpenId, session.OpenId);
        Assert.NotNull(session.UnionId);
    }

    [Fact]
    public async Task Sample_app_syncs_every_model_at_start_and_describes_its_flows_to_the_page()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var app = host.Services.GetRequiredService<ElementApp>();
        var models = Elements.Std.Models.ModelSync.FindModels(app);
        Assert.Contains(models, m => m.FullName == "profiles.models.ProfileModel");
        Assert.All(models, m => Assert.NotNull(app.GetElement<Elements.Std.Models.ModelElement>(m.FullName).LastSyncResult));

        var config = System.Text.Json.Nodes.JsonNode.Parse(await host.Http.GetStringAsync("api/host/page"))!;
        Assert.Equal("/api/demo/SampleApp", (string?)config["apiBase"]);
        Assert.Equal("auths.loginTypes.myWeChatMiniLogin", (string?)config["mini"]?["element"]);
        Assert.Equal("wx0000000000demo03", (string?)config["mini"]?["appId"]);
        Assert.Equal(["demo", "demo2"], config["linking"]!.AsArray().Select(a => (string?)a!["accountId"]));
        Assert.Equal(["alice", "bob"], config["users"]!.AsArray().Select(u => (string?)u!["userId"]));
    }

    [Fact]
    public async Task Sandbox_mode_sends_the_elements_own_secret_so_a_wrong_one_is_refused_like_wechat()
    {
        using var copy = SampleAppCopy.Create();
        File.WriteAllText(Path.Combine(copy.Root, "auths", "loginTypes", "myWeChatMiniLogin", "myWeChatMiniLogin.json"),
            """{ "authConfig": { "appId": "wx0000000000demo03", "appSecret": "not-the-sandbox-secret" } }""");
        await using var host = await copy.StartAsync();

        var code = await host.Sandbox.MintLoginCodeAsync("wx0000000000demo03", "alice");
        using var response = await host.CallAsync("auths/loginTypes/myWeChatMiniLogin/getLoginCode", new { code = code.Code }, app: "demo/SampleApp");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal("WECHAT_40125", (string?)problem["code"]);
        Assert.Equal(40125, (int?)problem["errcode"]);
        Assert.Equal(1, await host.Sandbox.GetCallCountAsync("/sns/jscode2session"));
    }

    private static string FindAppFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elements.sln")))
            {
                return Path.Combine(dir.FullName, "app");
            }
        }

        throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
    }
}
