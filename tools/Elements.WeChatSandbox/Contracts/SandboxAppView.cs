namespace Elements.WeChatSandbox.Contracts;

/// <summary>What the control API tells about an app: everything registered except its secret, which only the
/// process that configured it (the host in sandbox mode, a test) holds.</summary>
public sealed record SandboxAppView(
    string AppId,
    SandboxAppKind Kind,
    string? Name,
    IReadOnlyList<string> RedirectDomains,
    string? OpenPlatformId,
    IReadOnlyDictionary<string, int> DailyQuotas,
    int MessagesPerInteraction)
{
    public static SandboxAppView Of(SandboxAppRegistration app) =>
        new(app.AppId, app.Kind, app.Name, [.. app.RedirectDomains], app.OpenPlatformId,
            new Dictionary<string, int>(app.DailyQuotas, StringComparer.Ordinal), app.MessagesPerInteraction);
}
