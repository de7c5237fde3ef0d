using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.WeChat.Errors;

namespace Elements.WeChat.OpenData;

/// <summary>
/// Decrypts and verifies mini-program open data (<c>wx.getUserInfo</c> and other encrypted payloads):
/// AES-128-CBC with PKCS#7, key = Base64(session_key), and <c>signature = hex(sha1(rawData + session_key))</c>.
/// </summary>
public static class WeChatOpenDataCrypto
{
    /// <summary>
    /// Decrypts <paramref name="encryptedData"/> and checks that <c>watermark.appid</c> is <paramref name="expectedAppId"/>.
    /// Throws <see cref="WeChatOpenDataException"/> rather than ever returning undecipherable bytes.
    /// </summary>
    public static JsonObject Decrypt(string encryptedData, string sessionKey, string iv, string expectedAppId)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedAppId);
        var key = DecodeBase64(sessionKey, "session_key");
        var vector = DecodeBase64(iv, "iv");
        var cipherText = DecodeBase64(encryptedData, "encryptedData");
        if (key.Length != 16 || vector.Length != 16)
        {
            throw new WeChatOpenDataException(WeChatOpenDataError.InvalidInput, "session_key and iv must both be 16 bytes (Base64).");
        }

        if (cipherText.Length == 0 || cipherText.Length % 16 != 0)
        {
            throw new WeChatOpenDataException(WeChatOpenDataError.InvalidInput, "encryptedData is not a whole number of AES blocks.");
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = key;
            try
            {
                plain = aes.DecryptCbc(cipherText, vector, PaddingMode.PKCS7);
            }
            catch (CryptographicException ex)
            {
                throw new WeChatOpenDataException(
                    WeChatOpenDataError.BadPadding,
                    "encryptedData did not decrypt with this session_key (bad padding): use the session_key of the login that produced the payload.",
                    ex);
            }
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(plain) as JsonObject
                ?? throw new WeChatOpenDataException(WeChatOpenDataError.NotJson, "The decrypted payload is not a JSON object.");
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException or ArgumentException)
        {
            throw new WeChatOpenDataException(WeChatOpenDataError.NotJson, "The decrypted payload is not JSON: wrong session_key or corrupt data.", ex);
        }

        var appId = (json["watermark"] as JsonObject)?["appid"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (appId is null)
        {
            throw new WeChatOpenDataException(WeChatOpenDataError.MissingWatermark, "The decrypted payload has no watermark.appid.");
        }

        if (!string.Equals(appId, expectedAppId, StringComparison.Ordinal))
        {
            throw new WeChatOpenDataException(
                WeChatOpenDataError.AppIdMismatch,
                $"The payload was produced for app '{appId}', not '{expectedAppId}'.");
        }

        return json;
    }

    /// <summary>True when <paramref name="signature"/> is hex(sha1(rawData + session_key)); compared in constant time.</summary>
    public static bool IsSignatureValid(string rawData, string sessionKey, string signature)
    {
        ArgumentNullException.ThrowIfNull(rawData);
        ArgumentNullException.ThrowIfNull(sessionKey);
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(ComputeSignature(rawData, sessionKey));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Throws <see cref="WeChatOpenDataException"/> (<see cref="WeChatOpenDataError.SignatureMismatch"/>) unless the signature is valid.</summary>
    public static void VerifySignature(string rawData, string sessionKey, string signature)
    {
        if (!IsSignatureValid(rawData, sessionKey, signature))
        {
            throw new WeChatOpenDataException(WeChatOpenDataError.SignatureMismatch, "signature does not match sha1(rawData + session_key).");
        }
    }

    /// <summary>hex(sha1(rawData + session_key)), lower case, as WeChat computes it.</summary>
    public static string ComputeSignature(string rawData, string sessionKey) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(rawData + sessionKey)));

    private static byte[] DecodeBase64(string value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new WeChatOpenDataException(WeChatOpenDataError.InvalidInput, $"{name} is empty.");
        }

        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException ex)
        {
            throw new WeChatOpenDataException(WeChatOpenDataError.InvalidInput, $"{name} is not Base64.", ex);
        }
    }
}
