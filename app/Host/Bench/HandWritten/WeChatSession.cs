using System.Text.Json.Serialization;

namespace Elements.Host.Bench.HandWritten;

/// <summary>The fields of a <c>jscode2session</c> answer the login uses (an error answer has only errcode/errmsg).</summary>
internal sealed record WeChatSession(
    [property: JsonPropertyName("openid")] string? OpenId,
    [property: JsonPropertyName("unionid")] string? UnionId,
    [property: JsonPropertyName("session_key")] string? SessionKey,
    [property: JsonPropertyName("errcode")] int ErrCode);
