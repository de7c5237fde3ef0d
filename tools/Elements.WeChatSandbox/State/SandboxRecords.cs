using Elements.WeChatSandbox.Contracts;

namespace Elements.WeChatSandbox.State;

// The sandbox's mutable bookkeeping; only touched under SandboxState's lock.

internal enum CodeKind
{
    Login,
    Phone,
    OAuth,
}

internal enum TokenKind
{
    Classic,
    Stable,
}

internal sealed class CodeRecord(CodeKind kind, string appId, string userId, string? scope, DateTimeOffset issuedAt)
{
    public CodeKind Kind { get; } = kind;

    public string AppId { get; } = appId;

    public string UserId { get; } = userId;

    public string? Scope { get; } = scope;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public bool Used { get; set; }
}

internal sealed class AppTokenRecord(string appId, TokenKind kind, DateTimeOffset expiresAt)
{
    public string AppId { get; } = appId;

    public TokenKind Kind { get; } = kind;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public DateTimeOffset? SupersededAt { get; set; }
}

internal sealed record UserTokenRecord(string AppId, string UserId, string OpenId, string Scope, DateTimeOffset ExpiresAt);

internal sealed record RefreshTokenRecord(string AppId, string UserId, string OpenId, string Scope, DateTimeOffset ExpiresAt);

internal sealed class InteractionRecord(DateTimeOffset at)
{
    public DateTimeOffset At { get; } = at;

    public int MessagesSent { get; set; }
}

internal sealed class FaultRecord(SandboxFault fault)
{
    public SandboxFault Fault { get; } = fault;

    public int Remaining { get; set; } = Math.Max(1, fault.Count);

    public bool Matches(Func<string, string?> query) =>
        Fault.Match is not { Count: > 0 } match || match.All(p => string.Equals(query(p.Key), p.Value, StringComparison.Ordinal));
}

internal sealed class StableTokenState
{
    public string? Current { get; set; }

    public DateTimeOffset? LastForcedAt { get; set; }
}
