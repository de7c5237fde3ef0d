using System.Text.Json.Nodes;

namespace Elements.WeChat.Http;

/// <summary>One call to the WeChat API. <see cref="SensitiveValues"/> are scrubbed from anything reported back.</summary>
internal sealed record WeChatRequest(
    string AppId,
    HttpMethod Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    JsonObject? Body,
    IReadOnlyList<string> SensitiveValues);
