using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Elements.WeChatSandbox.Wire;

/// <summary>WeChat's error bodies: <c>{"errcode": N, "errmsg": "text, rid: xxxxxxxx-xxxxxxxx-xxxxxxxx"}</c>.</summary>
internal static class WeChatErrorBodies
{
    private static readonly Dictionary<int, string> Messages = new()
    {
        [-1] = "system error",
        [40001] = "invalid credential, access_token is invalid or not latest",
        [40002] = "invalid grant_type",
        [40003] = "invalid openid",
        [40008] = "invalid message type",
        [40013] = "invalid appid",
        [40014] = "invalid access_token",
        [40029] = "invalid code",
        [40030] = "invalid refresh_token",
        [40125] = "invalid appsecret",
        [40163] = "code been used",
        [40164] = "invalid ip, not in whitelist",
        [40226] = "code blocked",
        [41001] = "access_token missing",
        [41002] = "appid missing",
        [41004] = "appsecret missing",
        [41008] = "missing code",
        [42001] = "access_token expired",
        [42002] = "refresh_token expired",
        [42003] = "code expired",
        [43002] = "require POST method",
        [43004] = "require subscribe",
        [44002] = "empty post data",
        [45009] = "reach max api daily quota limit",
        [45011] = "api minute-quota reach limit  mustslower  retry next minute",
        [45015] = "response out of time limit or subscription is canceled",
        [45047] = "out of response count limit",
        [47001] = "data format error",
        [48001] = "api unauthorized",
        [50001] = "user unauthorized",
        [50002] = "user limited",
    };

    public static JsonObject Create(int errcode, string? errmsg = null) => new()
    {
        ["errcode"] = errcode,
        ["errmsg"] = $"{errmsg ?? Messages.GetValueOrDefault(errcode, "unknown error")}, rid: {NewRid()}",
    };

    public static JsonObject Ok() => new() { ["errcode"] = 0, ["errmsg"] = "ok" };

    public static string NewRid()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..16]}-{hex[16..]}";
    }
}
