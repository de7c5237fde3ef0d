using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.WeChat.Errors;

namespace Elements.WeChat.Http;

/// <summary>Field access on WeChat bodies; a missing required field is a malformed response, not a null.</summary>
internal static class WeChatJson
{
    public static string RequiredString(JsonObject json, string name, string endpoint) =>
        OptionalString(json, name) ?? throw Malformed(endpoint, name);

    public static string? OptionalString(JsonObject json, string name) => json[name] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    public static int RequiredInt(JsonObject json, string name, string endpoint) =>
        OptionalInt(json, name) ?? throw Malformed(endpoint, name);

    public static int? OptionalInt(JsonObject json, string name) => json[name] switch
    {
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text) && int.TryParse(text, out var parsed) => parsed,
        _ => null,
    };

    private static WeChatHttpException Malformed(string endpoint, string name) =>
        new(endpoint, WeChatHttpFailureKind.MalformedResponse, 200, $"the response lacks '{name}'");
}
