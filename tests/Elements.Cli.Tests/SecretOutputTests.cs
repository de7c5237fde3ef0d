using System.Net;
using System.Net.Sockets;
using Elements.Cli.Tests.Support;

namespace Elements.Cli.Tests;

/// <summary>
/// Issue #9 "Secrets", CLI part: the repository's sample app with distinctive AppSecrets in the environment (and one
/// through <c>--var</c>), every inspecting command in table and JSON form, and <c>invoke</c> both where it needs no
/// WeChat and where WeChat cannot be reached: no secret value in stdout or stderr.
/// </summary>
public sealed class SecretOutputTests
{
    private static readonly string OaSecret = "CLIOASECRET" + Guid.NewGuid().ToString("N");
    private static readonly string Oa2Secret = "CLIOA2SECRET" + Guid.NewGuid().ToString("N");
    private static readonly string MiniSecret = "CLIMINISECRET" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task No_command_prints_an_app_secret_from_the_environment_or_var()
    {
        using var app = TempApp.Create();
        CopySampleApp(app.Root);
        // WeChat at a loopback port nobody listens on: the WeChat call fails fast, with the secret in its request URL.
        var deadPort = FreePort();
        app.Write("auths/loginTypes/myWeChatMiniLogin/myWeChatMiniLogin.json",
            """{ "authConfig": { "appId": "wx0000000000demo03", "appSecret": "{{WECHAT_MINI_SECRET}}", "apiBaseUrl": "http://127.0.0.1:"""
            + deadPort + "\" } }");
        Environment.SetEnvironmentVariable("WECHAT_OA_SECRET", OaSecret);
        Environment.SetEnvironmentVariable("WECHAT_OA2_SECRET", Oa2Secret);
        var outputs = new List<(string Command, string Text)>();
        try
        {
            async Task RunAsync(params string[] args)
            {
                var (_, stdout, stderr) = await CliRunner.Run([.. args, "--app", app.Root, "--var", "WECHAT_MINI_SECRET=" + MiniSecret]);
                outputs.Add((string.Join(' ', args), stdout + "\n" + stderr));
            }

            foreach (var json in new[] { false, true })
            {
                string[] format = json ? ["--json"] : [];
                await RunAsync(["list", .. format]);
                await RunAsync(["types", .. format]);
                foreach (var element in new[] { "auths.loginTypes.myWeChatMiniLogin", "auths.loginTypes.MyWechatLogin", "auths.loginTypes.MySecondWechatLogin", "messages.MyCustomService" })
                {
                    await RunAsync(["show", element, .. format]);
                }
            }

            await RunAsync("tree");
            await RunAsync("validate");
            await RunAsync("invoke", "auths.loginTypes.myWeChatMiniLogin", "getLoginConfig");
            await RunAsync("invoke", "auths.loginTypes.MyWechatLogin", "getLoginConfig");
            await RunAsync("invoke", "auths.loginTypes.MyWechatLogin", "login", "--args", """{"redirectUrl": "http://127.0.0.1/done"}""");
            await RunAsync("invoke", "auths.loginTypes.myWeChatMiniLogin", "getLoginCode", "--args", """{"code": "code-that-never-reaches-wechat"}""");
        }
        finally
        {
            Environment.SetEnvironmentVariable("WECHAT_OA_SECRET", null);
            Environment.SetEnvironmentVariable("WECHAT_OA2_SECRET", null);
        }

        // The commands really ran (a failing load would print nothing worth scanning).
        Assert.Contains(outputs, o => o.Command == "show auths.loginTypes.myWeChatMiniLogin" && o.Text.Contains("wx0000000000demo03", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Command.StartsWith("invoke auths.loginTypes.myWeChatMiniLogin getLoginCode", StringComparison.Ordinal)
            && o.Text.Contains("WECHAT_", StringComparison.Ordinal));
        var leaks = outputs.SelectMany(o => new[] { ("OA", OaSecret), ("OA2", Oa2Secret), ("mini", MiniSecret) }
            .Where(s => o.Text.Contains(s.Item2, StringComparison.Ordinal))
            .Select(s => $"{s.Item1} appSecret in the output of `elements {o.Command}`")).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    /// <summary>The sample app's app.json and element folders (not the host's code, build output or appData).</summary>
    private static void CopySampleApp(string to)
    {
        var source = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(source.FullName, "Elements.sln")))
        {
            source = source.Parent ?? throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
        }

        var app = Path.Combine(source.FullName, "app");
        File.Copy(Path.Combine(app, "app.json"), Path.Combine(to, "app.json"), overwrite: true);
        foreach (var dir in Directory.GetDirectories(app).Where(d => Path.GetFileName(d) is not ("bin" or "obj" or "appData" or "Host" or "wwwroot")))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(to, Path.GetRelativePath(app, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
