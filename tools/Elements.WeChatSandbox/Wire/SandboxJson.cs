using System.Text.Encodings.Web;
using System.Text.Json;

namespace Elements.WeChatSandbox.Wire;

internal static class SandboxJson
{
    /// <summary>WeChat writes non-ASCII text (nicknames, cities) as raw UTF-8, not \u escapes.</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
