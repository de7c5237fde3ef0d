using System.Security.Cryptography;
using System.Text;

namespace Elements.Host.Bench.HandWritten;

/// <summary>Login codes and session tokens as a user would write them: 256 random bits, base64url; only the SHA-256 (hex) is stored.</summary>
internal static class HandWrittenCodes
{
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
