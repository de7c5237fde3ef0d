namespace Elements.WeChat.Tokens;

/// <summary>
/// The right to refresh one app's token, held by exactly one caller across all processes sharing a store until
/// <see cref="ExpiresAt"/> (after which a crashed holder's lease can be taken over).
/// </summary>
public sealed record AccessTokenLease(string AppId, string LeaseId, DateTimeOffset ExpiresAt);
