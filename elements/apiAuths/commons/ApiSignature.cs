using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Elements.Std.ApiAuths;

/// <summary>
/// The signature of a signed API call: lowercase hex HMAC-SHA256, keyed with the UTF-8 bytes of the
/// <c>accessSecret</c>, of <c>METHOD\npath\ntimestamp\nnonce\nhex(SHA-256(body))</c> (METHOD upper case, path without
/// the query, timestamp in decimal Unix milliseconds, hex lower case, no trailing newline).
/// <para>
/// The body is hashed rather than included so that the string to sign stays small and unambiguous whatever the body
/// holds; no part but the body may contain a newline, so no two requests share a string to sign.
/// </para>
/// </summary>
public static class ApiSignature
{
    public static string Compute(string accessSecret, string method, string path, long timestampMs, string nonce, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessSecret);
        return Convert.ToHexStringLower(Sign(Encoding.UTF8.GetBytes(accessSecret), method, path, timestampMs, nonce, body));
    }

    /// <summary>The raw HMAC for a key already in bytes (the verifier keeps secrets as bytes).</summary>
    internal static byte[] Sign(byte[] key, string method, string path, long timestampMs, string nonce, ReadOnlySpan<byte> body)
    {
        var text = StringToSign(method, path, timestampMs, nonce, body);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
    }

    internal static string StringToSign(string method, string path, long timestampMs, string nonce, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        RejectNewlines(method, nameof(method));
        RejectNewlines(path, nameof(path));
        RejectNewlines(nonce, nameof(nonce));
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        return string.Create(CultureInfo.InvariantCulture,
            $"{method.ToUpperInvariant()}\n{path}\n{timestampMs}\n{nonce}\n{bodyHash}");
    }

    /// <summary>True when <paramref name="part"/> could shift the lines of the string to sign.</summary>
    internal static bool HasNewline(string part) => part.AsSpan().IndexOfAny('\n', '\r') >= 0;

    private static void RejectNewlines(string part, string name)
    {
        if (HasNewline(part))
        {
            throw new ArgumentException($"'{name}' must not contain a line break", name);
        }
    }
}
