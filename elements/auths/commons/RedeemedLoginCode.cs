namespace Elements.Std.Auths;

/// <summary>A loginCode that was consumed: its user and the login element that issued it.</summary>
public sealed record RedeemedLoginCode(long UserId, string LoginType);
