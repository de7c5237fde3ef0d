namespace Elements.Std.ApiAuths;

/// <summary>
/// What the verifier needs of an HTTP request: its method, its URL path without the query, the four signature headers
/// as received (null when absent) and the raw body bytes.
/// </summary>
public sealed record ApiSignedRequest(
    string Method,
    string Path,
    string? AccessKey,
    string? Timestamp,
    string? Nonce,
    string? Signature,
    ReadOnlyMemory<byte> Body);
