namespace Elements.WeChatSandbox.Hosting;

/// <summary>How the in-process sandbox meets the app's elements, section <c>Elements:WeChat</c> (beside the host's
/// own WeChat settings); the sandbox's seed apps and users are <see cref="SandboxSectionName"/>.</summary>
public sealed class WeChatSandboxHostOptions
{
    public const string SectionName = "Elements:WeChat";

    /// <summary>The sandbox's seed apps and users (a <see cref="WeChatSandboxOptions"/>).</summary>
    public const string SandboxSectionName = "Elements:WeChat:Sandbox";

    /// <summary>
    /// Environment variables (as element configs name them in <c>{{VAR}}</c> placeholders) that stand for a sandbox
    /// app's secret, e.g. <c>{"WECHAT_OA_SECRET": "wx0000000000demo01"}</c>. The host answers them with the sandbox's
    /// secret for that app, so elements written for live mode run unchanged; a variable set in the process environment
    /// becomes that sandbox app's secret instead of a generated one. Only placeholders are answered: an element whose
    /// config holds another secret sends that one, and the sandbox refuses it (40125) as WeChat would.
    /// </summary>
    public Dictionary<string, string> SandboxSecretVariables { get; } = new(StringComparer.Ordinal);
}
