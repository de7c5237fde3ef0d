namespace Elements.WeChatSandbox.Contracts;

/// <summary>How one app sees a user: its openid, and the unionid when the app is bound to an open platform.</summary>
public sealed record SandboxUserView(string UserId, string AppId, string OpenId, string? UnionId);
