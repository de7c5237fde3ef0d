using System.Text.Json.Nodes;

namespace Elements;

/// <summary>
/// An error with a stable machine-readable <see cref="Code"/> (e.g. <c>EL_UNKNOWN_ELEMENT</c>, <c>DB_CONSTRAINT</c>,
/// <c>WECHAT_40163</c>). The invoker, the CLI (<c>{error: {code, message}}</c>) and the HTTP host (ProblemDetails) report
/// these codes as they are. Messages never contain secret values.
/// </summary>
public class ElementException : Exception
{
    public ElementException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
    }

    public string Code { get; }

    /// <summary>Extra public fields reported with the error (e.g. <c>errcode</c>, <c>errmsg</c> of a WeChat failure).</summary>
    public virtual JsonObject? Details => null;
}
