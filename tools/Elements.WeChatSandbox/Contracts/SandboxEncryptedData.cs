namespace Elements.WeChatSandbox.Contracts;

/// <summary>What wx.getUserInfo hands a mini program: the encrypted profile plus rawData and its signature.</summary>
public sealed record SandboxEncryptedData(string EncryptedData, string Iv, string RawData, string Signature, string SessionKey);
