namespace Elements.WeChatSandbox.Contracts;

/// <summary>A minted single-use code (wx.login, phone or OAuth) and when it stops working.</summary>
public sealed record SandboxCode(string Code, DateTimeOffset ExpiresAt);
