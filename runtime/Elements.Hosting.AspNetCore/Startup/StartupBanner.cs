using System.Text;
using Elements.Hosting.AspNetCore.Console;
using Elements.Hosting.AspNetCore.OpenApi;
using Elements.Hosting.AspNetCore.WeChat;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.Startup;

/// <summary>
/// Prints what to open once Kestrel is listening, from the addresses it really bound (a configured port 0 or a
/// wildcard is resolved by then), not from configuration.
/// </summary>
internal sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    ElementApp app,
    IOptions<WeChatHostOptions> wechat,
    IOptions<HostBannerOptions> options,
    OpenApiSwitches openApi,
    IOptions<ConsoleOptions> console,
    SandboxSignInLink consoleLink,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            lifetime.ApplicationStarted.Register(Write);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <param name="referencePath">The API reference page's path, or null when it is not served.</param>
    /// <param name="consolePath">The console's path (with the sandbox sign-in fragment), or null when it is not served.</param>
    internal static string Compose(IReadOnlyList<string> addresses, string appId, WeChatMode mode, string? referencePath = null, string? consolePath = null)
    {
        var root = addresses.FirstOrDefault() ?? "(no address)";
        var (org, name) = appId.IndexOf('.') is var dot and > 0 ? (appId[..dot], appId[(dot + 1)..]) : (appId, "");
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine($"  Elements host is serving app {appId}")
            .AppendLine($"  Open        {root}/")
            .AppendLine($"  Element API POST {root}/api/{org}/{name}/<element/path>/<function>")
            .AppendLine($"  OpenAPI     {root}{OpenApiEndpoints.DocumentPath}"
                + (referencePath is null ? "" : $" (reference: {root}{referencePath})"))
            .AppendLine($"  Health      {root}/healthz")
            .Append(consolePath is null ? "" : $"  Console     {root}{consolePath}{Environment.NewLine}")
            .AppendLine(mode == WeChatMode.Sandbox
                ? $"  WeChat      sandbox in this process ({root}/sns/..., control API {root}/sandbox/...)"
                : "  WeChat      live (api.weixin.qq.com)");
        foreach (var other in addresses.Skip(1))
        {
            text.AppendLine($"  Also on     {other}/");
        }

        return text.AppendLine("  Press Ctrl+C to stop.").ToString();
    }

    private void Write()
    {
        var output = options.Value.Output ?? System.Console.Out;
        // The sandbox's one-time link goes to this output only (the console, not a logger): the code is in the
        // fragment, which browsers never send, so it reaches no log on either side.
        var consolePath = !console.Value.Enabled ? null
            : wechat.Value.Mode == WeChatMode.Sandbox ? $"{ConsoleEndpoints.PagePath}/#signin={consoleLink.Issue()}"
            : $"{ConsoleEndpoints.PagePath}/";
        output.Write(Compose(ServerAddresses.Get(server), app.AppId, wechat.Value.Mode, openApi.Reference ? openApi.ReferencePath : null, consolePath));
        output.Flush();
        if (wechat.Value.Mode == WeChatMode.Sandbox && !ServerAddresses.AllLoopback(server))
        {
            LogSandboxExposed(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The WeChat sandbox and its unauthenticated control API (/sandbox) are reachable beyond loopback; use Elements:WeChat:Mode=Live for a public host")]
    private static partial void LogSandboxExposed(ILogger logger);
}
