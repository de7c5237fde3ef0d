using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Elements.Std.Auths.WeChatPublic;

/// <summary>
/// The OAuth <c>state</c> of one login: <c>S1</c> ‖ issuer tag (8 hex) ‖ expiry (10 digits, Unix seconds) ‖ nonce
/// (32 hex, 128 random bits) ‖ HMAC-SHA256 (64 hex) over everything before it: 116 characters of [A-Za-z0-9], within
/// WeChat's 128 bytes. The issuer tag names the app id and login instance, so a state of another instance is told apart
/// from a tampered one; the signature is checked in constant time; single use is enforced by the caller (nonce store).
/// </summary>
public sealed class WeChatPublicState
{
    public const int Length = 2 + TagLength + ExpiryLength + NonceLength + MacLength;
    private const string Version = "S1";
    private const int TagLength = 8;
    private const int ExpiryLength = 10;
    private const int NonceLength = 32;
    private const int MacLength = 64;

    private readonly byte[] _key;
    private readonly string _tag;

    public WeChatPublicState(string appId, string instanceName, byte[] signingKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceName);
        ArgumentNullException.ThrowIfNull(signingKey);
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, salt: [],
            info: Encoding.UTF8.GetBytes($"Elements.WeChatPublic.State.v1|{appId}|{instanceName}"));
        _tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"Elements.WeChatPublic|{appId}|{instanceName}")))[..TagLength];
    }

    /// <summary>The signing key material: the configured stateKey, else the AppSecret (HKDF separates the uses).</summary>
    public static byte[] KeyMaterial(WeChatPublicConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (string.IsNullOrEmpty(config.StateKey) ? null : WeChatPublicConfig.DecodeStateKey(config.StateKey))
            ?? Encoding.UTF8.GetBytes(config.AppSecret);
    }

    /// <summary>A fresh state expiring at <paramref name="expiresAt"/>.</summary>
    public string Issue(DateTimeOffset expiresAt)
    {
        var body = Version + _tag + expiresAt.ToUnixTimeSeconds().ToString("D10", CultureInfo.InvariantCulture)
            + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceLength / 2));
        return body + Convert.ToHexStringLower(Mac(body));
    }

    /// <summary>
    /// Checks form, issuer, signature and expiry (in that order) and returns the nonce to consume; throws an
    /// <see cref="ElementException"/> with AUTH_STATE_MISSING / _MALFORMED / _FOREIGN / _INVALID / _EXPIRED.
    /// </summary>
    public string Verify(string? state, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(state))
        {
            throw new ElementException(WeChatPublicErrorCodes.StateMissing,
                "the callback carries no state: start the login with this element's login function, which issues one");
        }

        if (state.Length != Length || !state.StartsWith(Version, StringComparison.Ordinal) || !state.All(char.IsAsciiLetterOrDigit))
        {
            throw new ElementException(WeChatPublicErrorCodes.StateMalformed, "the state is not one this login issued (wrong form)");
        }

        var tag = state.Substring(2, TagLength);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(tag), Encoding.ASCII.GetBytes(_tag)))
        {
            throw new ElementException(WeChatPublicErrorCodes.StateForeign,
                "the state was issued by another login instance or official account, not this one");
        }

        var body = state[..^MacLength];
        byte[] given;
        try
        {
            given = Convert.FromHexString(state.AsSpan(state.Length - MacLength));
        }
        catch (FormatException)
        {
            throw new ElementException(WeChatPublicErrorCodes.StateMalformed, "the state is not one this login issued (wrong form)");
        }

        if (!CryptographicOperations.FixedTimeEquals(given, Mac(body)))
        {
            throw new ElementException(WeChatPublicErrorCodes.StateInvalid, "the state's signature does not match: it was altered");
        }

        var expiry = long.Parse(state.AsSpan(2 + TagLength, ExpiryLength), NumberStyles.None, CultureInfo.InvariantCulture);
        if (now.ToUnixTimeSeconds() > expiry)
        {
            throw new ElementException(WeChatPublicErrorCodes.StateExpired, "the login took too long and its state has expired: start the login again");
        }

        return state.Substring(2 + TagLength + ExpiryLength, NonceLength);
    }

    /// <summary>The expiry written in a well-formed state (after <see cref="Verify"/>).</summary>
    public static DateTimeOffset ExpiryOf(string state) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(state.AsSpan(2 + TagLength, ExpiryLength), NumberStyles.None, CultureInfo.InvariantCulture));

    /// <summary>Constant-time comparison with a pinned state (config <c>state</c>).</summary>
    public static void VerifyPinned(string? state, string pinned)
    {
        if (string.IsNullOrEmpty(state))
        {
            throw new ElementException(WeChatPublicErrorCodes.StateMissing, "the callback carries no state");
        }

        // Hashing first makes the comparison constant-time even when the lengths differ.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(state)), SHA256.HashData(Encoding.UTF8.GetBytes(pinned))))
        {
            throw new ElementException(WeChatPublicErrorCodes.StateInvalid, "the state does not match this login's configured state");
        }
    }

    public override string ToString() => $"WeChatPublicState {{ Tag = {_tag}, Key = *** }}";

    private byte[] Mac(string body) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(body));
}
