using System.Text.Json.Nodes;

namespace Elements.Std.Auths;

/// <summary>An auth failure with public details (e.g. the reason open data was rejected). Never carries secrets.</summary>
public sealed class AuthException : ElementException
{
    private readonly JsonObject? _details;

    public AuthException(string code, string message, JsonObject? details = null, Exception? innerException = null)
        : base(code, message, innerException)
    {
        _details = details;
    }

    public override JsonObject? Details => _details?.DeepClone().AsObject();
}
