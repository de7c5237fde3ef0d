namespace Elements.Std.ApiAuths;

/// <summary>The request headers of a signed API call (see <see cref="ApiSignature"/> for what is signed).</summary>
public static class ApiAuthHeaders
{
    /// <summary>The API authorization's <c>accessKey</c>.</summary>
    public const string AccessKey = "X-Elements-AccessKey";

    /// <summary>The client's clock when it signed, in Unix milliseconds.</summary>
    public const string Timestamp = "X-Elements-Timestamp";

    /// <summary>A value the client never used before with this access key (8 to 64 of <c>A-Z a-z 0-9 _ -</c>).</summary>
    public const string Nonce = "X-Elements-Nonce";

    /// <summary>Lowercase hex HMAC-SHA256 of the string to sign, keyed with the <c>accessSecret</c>.</summary>
    public const string Signature = "X-Elements-Signature";
}
