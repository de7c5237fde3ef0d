using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// Sandbox mode's one-time sign-in link: 32 random bytes (base64url) printed once in the start-up banner, kept here
/// only as their SHA-256, valid for <see cref="ConsoleOptions.SandboxLinkLifetime"/> and spent by the first redemption
/// (a dictionary removal: of parallel redemptions exactly one wins). The code travels in the URL's fragment, which a
/// browser never sends, so no server or proxy logs it.
/// </summary>
internal sealed class SandboxSignInLink(IOptions<ConsoleOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _codes = new(StringComparer.Ordinal);

    /// <summary>Issues a code (the banner's); earlier unspent codes stay valid until they expire.</summary>
    public string Issue()
    {
        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _codes[Hash(code)] = time.GetUtcNow() + options.Value.SandboxLinkLifetime;
        return code;
    }

    /// <summary>True once per issued, unexpired code; false for anything else.</summary>
    public bool TryRedeem(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 128)
        {
            return false;
        }

        return _codes.TryRemove(Hash(code), out var expiresAt) && time.GetUtcNow() < expiresAt;
    }

    private static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
