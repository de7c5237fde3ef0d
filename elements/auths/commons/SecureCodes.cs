using System.Security.Cryptography;
using System.Text;

namespace Elements.Std.Auths;

/// <summary>
/// Codes and tokens: 256 bits from <see cref="RandomNumberGenerator"/>, Base64url without padding (43 characters).
/// Only <see cref="Hash"/> of a code is ever stored; lookups are by hash, so no code is compared character by character.
/// </summary>
public static class SecureCodes
{
    public const int ByteLength = 32;

    public static string Generate() => Base64Url(RandomNumberGenerator.GetBytes(ByteLength));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 code (64 characters).</summary>
    public static string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
    }

    /// <summary>True for something shaped like a code this class generates (cheap check before any query).</summary>
    public static bool LooksValid(string? code) =>
        code is { Length: >= 16 and <= 128 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
