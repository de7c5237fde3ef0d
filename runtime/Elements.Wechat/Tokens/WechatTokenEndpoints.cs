using System.Text.Json.Nodes;
using Elements.Wechat.Http;

namespace Elements.Wechat.Tokens;

/// <summary>The two client-credential token endpoints, without caching.</summary>
internal sealed class WechatTokenEndpoints(WechatTransport transport)
{
    public const string ClassicPath = "/cgi-bin/token";
    public const string StablePath = "/cgi-bin/stable_token";

    public async Task<WechatTokenResponse> RequestClassicAsync(string appId, CancellationToken cancellationToken)
    {
        var app = transport.GetApp(appId);
        var json = await transport.SendAsync(
            new WechatRequest(
                appId,
                HttpMethod.Get,
                ClassicPath,
                [new("grant_type", "client_credential"), new("appid", appId), new("secret", app.AppSecret)],
                null,
                [app.AppSecret]),
            cancellationToken).ConfigureAwait(false);
        return Parse(json, ClassicPath);
    }

    public async Task<WechatTokenResponse> RequestStableAsync(string appId, bool forceRefresh, CancellationToken cancellationToken)
    {
        var app = transport.GetApp(appId);
        var body = new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = appId,
            ["secret"] = app.AppSecret,
            ["force_refresh"] = forceRefresh,
        };
        var json = await transport.SendAsync(new WechatRequest(appId, HttpMethod.Post, StablePath, [], body, [app.AppSecret]), cancellationToken)
            .ConfigureAwait(false);
        return Parse(json, StablePath);
    }

    private static WechatTokenResponse Parse(JsonObject json, string path) =>
        new(WechatJson.RequiredString(json, "access_token", path), WechatJson.RequiredInt(json, "expires_in", path));
}
