using System.Text.Json.Nodes;

namespace Elements.Reliability.Tests.Support;

/// <summary>One element API call as the client saw it. <see cref="Status"/> 0: no HTTP answer (transport error).</summary>
internal sealed record ApiResult(int Status, JsonNode? Body, double Milliseconds, string? TransportError = null)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The problem's <c>code</c> of an error answer.</summary>
    public string? Code => Body is JsonObject o && o["code"] is JsonValue v && v.TryGetValue<string>(out var code) ? code : null;

    public JsonObject Object => Body as JsonObject ?? throw new InvalidOperationException($"expected a JSON object, got {Status}: {Body?.ToJsonString() ?? TransportError}");

    public override string ToString() => $"{Status} {Body?.ToJsonString() ?? TransportError}";
}
