using System.Security.Cryptography;
using System.Text;
using Elements.WeChat.Errors;
using Elements.WeChat.Models;
using Elements.WeChat.OpenData;
using Elements.WeChat.Tests.Support;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.OpenData;

/// <summary>Open data produced by the sandbox for a real login, decrypted and verified by the client.</summary>
public sealed class OpenDataTests : SandboxTestBase
{
    [Fact]
    public async Task Profile_round_trips_from_login_to_decryption()
    {
        var session = await LoginAsync(MiniAppId);
        var payload = await Sandbox.Control.EncryptUserProfileAsync(MiniAppId, Alice, session.SessionKey);

        WeChatOpenDataCrypto.VerifySignature(payload.RawData, session.SessionKey, payload.Signature);
        var data = Client.DecryptOpenData(MiniAppId, payload.EncryptedData, session.SessionKey, payload.Iv);

        Assert.Equal(session.OpenId, data["openId"]!.GetValue<string>());
        Assert.Equal(session.UnionId, data["unionId"]!.GetValue<string>());
        Assert.Equal("爱丽丝", data["nickName"]!.GetValue<string>());
        Assert.Equal(MiniAppId, data["watermark"]!["appid"]!.GetValue<string>());
        Assert.Contains("\"nickName\":\"爱丽丝\"", payload.RawData);
    }

    [Fact]
    public async Task The_key_of_another_login_is_rejected_never_garbage()
    {
        var first = await LoginAsync(MiniAppId);
        var second = await LoginAsync(MiniAppId);
        Assert.NotEqual(first.SessionKey, second.SessionKey);
        var payload = await Sandbox.Control.EncryptUserProfileAsync(MiniAppId, Alice, first.SessionKey);

        var error = Assert.Throws<WeChatOpenDataException>(() => Client.DecryptOpenData(MiniAppId, payload.EncryptedData, second.SessionKey, payload.Iv));

        // A wrong key almost always breaks the padding; when padding survives by chance the bytes are not JSON.
        Assert.Contains(error.Reason, new[] { WeChatOpenDataError.BadPadding, WeChatOpenDataError.NotJson });
        Assert.StartsWith("WECHAT_OPENDATA_", error.Code);
        Assert.False(WeChatOpenDataCrypto.IsSignatureValid(payload.RawData, second.SessionKey, payload.Signature));
    }

    [Fact]
    public void Bad_padding_is_reported_as_such()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = key;
        // A full block whose last byte (0x00) is not valid PKCS#7 padding.
        var cipher = aes.EncryptCbc(new byte[32], iv, PaddingMode.None);

        var error = Assert.Throws<WeChatOpenDataException>(() =>
            WeChatOpenDataCrypto.Decrypt(Convert.ToBase64String(cipher), Convert.ToBase64String(key), Convert.ToBase64String(iv), MiniAppId));

        Assert.Equal(WeChatOpenDataError.BadPadding, error.Reason);
        Assert.Equal("WECHAT_OPENDATA_BAD_PADDING", error.Code);
    }

    [Fact]
    public void Valid_padding_around_non_json_is_not_json()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = key;
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes("definitely not json"), iv, PaddingMode.PKCS7);

        var error = Assert.Throws<WeChatOpenDataException>(() =>
            WeChatOpenDataCrypto.Decrypt(Convert.ToBase64String(cipher), Convert.ToBase64String(key), Convert.ToBase64String(iv), MiniAppId));

        Assert.Equal(WeChatOpenDataError.NotJson, error.Reason);
    }

    [Fact]
    public async Task A_payload_of_another_app_is_rejected_by_its_watermark()
    {
        var session = await LoginAsync(OtherMiniAppId);
        var payload = await Sandbox.Control.EncryptUserProfileAsync(OtherMiniAppId, Alice, session.SessionKey);

        var error = Assert.Throws<WeChatOpenDataException>(() => Client.DecryptOpenData(MiniAppId, payload.EncryptedData, session.SessionKey, payload.Iv));

        Assert.Equal(WeChatOpenDataError.AppIdMismatch, error.Reason);
        Assert.Equal("WECHAT_OPENDATA_APPID_MISMATCH", error.Code);
        Assert.Contains(OtherMiniAppId, error.Message);
    }

    [Fact]
    public async Task Signatures_are_checked()
    {
        var session = await LoginAsync(MiniAppId);
        var payload = await Sandbox.Control.EncryptUserProfileAsync(MiniAppId, Alice);

        Assert.True(WeChatOpenDataCrypto.IsSignatureValid(payload.RawData, session.SessionKey, payload.Signature));
        Assert.True(WeChatOpenDataCrypto.IsSignatureValid(payload.RawData, session.SessionKey, payload.Signature.ToUpperInvariant()));
        Assert.False(WeChatOpenDataCrypto.IsSignatureValid(payload.RawData.Replace("爱丽丝", "Mallory"), session.SessionKey, payload.Signature));
        Assert.False(WeChatOpenDataCrypto.IsSignatureValid(payload.RawData, session.SessionKey, ""));
        var error = Assert.Throws<WeChatOpenDataException>(() => WeChatOpenDataCrypto.VerifySignature(payload.RawData, session.SessionKey, new string('0', 40)));
        Assert.Equal(WeChatOpenDataError.SignatureMismatch, error.Reason);
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(payload.RawData + session.SessionKey))), payload.Signature);
    }

    [Theory]
    [InlineData("not base64!", "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", "AAAA")]
    public void Malformed_keys_and_ivs_are_invalid_input(string sessionKey, string iv)
    {
        var error = Assert.Throws<WeChatOpenDataException>(() =>
            WeChatOpenDataCrypto.Decrypt("AAAAAAAAAAAAAAAAAAAAAA==", sessionKey, iv, MiniAppId));
        Assert.Equal(WeChatOpenDataError.InvalidInput, error.Reason);
    }

    private async Task<WeChatSession> LoginAsync(string appId)
    {
        var code = await Sandbox.Control.MintLoginCodeAsync(appId, Alice);
        return await Client.Code2SessionAsync(appId, code.Code);
    }
}
