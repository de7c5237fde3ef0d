namespace Elements.WeChatSandbox.State;

/// <summary>A control-API request the sandbox cannot honour (unknown app or user, bad input): HTTP <see cref="StatusCode"/>.</summary>
internal sealed class SandboxControlException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
