namespace Elements.Host.Bench.HandWritten;

/// <summary>login's answer, the host's JSON shape: <c>{token, expiresAt, userId}</c>.</summary>
internal sealed record SessionResult(string Token, string ExpiresAt, long UserId);
