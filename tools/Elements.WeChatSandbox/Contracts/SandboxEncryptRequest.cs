namespace Elements.WeChatSandbox.Contracts;

/// <summary>Which login's session_key encrypts the payload: the given one, or the user's latest login when null.</summary>
public sealed class SandboxEncryptRequest
{
    public string? SessionKey { get; set; }
}
