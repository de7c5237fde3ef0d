namespace Elements.WeChatSandbox.Contracts;

/// <summary>The sandbox's virtual time and how far it is ahead of real time.</summary>
public sealed record SandboxClockState(DateTimeOffset Now, TimeSpan Offset);
