namespace Elements.Std.ApiAuths;

/// <summary>The stable codes a signed API call is refused with (HTTP 401).</summary>
public static class ApiAuthErrorCodes
{
    /// <summary>
    /// Missing or malformed signature headers, an unknown access key or a signature that does not match: one code and
    /// one message for all of them, so that a caller cannot probe which access keys exist.
    /// </summary>
    public const string SignatureInvalid = ElementErrorCodes.SignatureInvalid;

    /// <summary>The signed timestamp is more than <see cref="ApiRequestVerifier.MaxClockSkew"/> away from the server's clock.</summary>
    public const string SignatureExpired = ElementErrorCodes.SignatureExpired;

    /// <summary>The (access key, nonce) pair was accepted before: the request is a replay.</summary>
    public const string Replay = ElementErrorCodes.Replay;
}
