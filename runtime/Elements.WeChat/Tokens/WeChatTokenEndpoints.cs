using System.Text.Json.Nodes;
using Elements.WeChat.Http;
using Elements.WeChat.Models;

namespace Elements.WeChat.Tokens;

/// <summary>The two client-credential token endpoints, without caching.</summary>
internal sealed class WeChatTokenEndpoints(WeChatTransport transport)
{
    public const string ClassicPath = "/cgi-bin/token";
    public const string StablePath = "/cgi-bin/stable_token";

    public async Task<WeChatTokenResponse> RequestClassicAsync(string appId, CancellationToken cancellationToken)
    {
        var app = transport.GetApp(appId);
        var json = await transport.SendAsync(
            new WeChatRequest(
                appId,
                HttpMethod.Get,
                ClassicPath,
                [new("grant_type", "client_credential"), new("appid", appId), new("secret", app.AppSecret)],
                null,
                [app.AppSecret]),
            cancellationToken).ConfigureAwait(false);
        return Parse(json, ClassicPath);
    }

    public async Task<WeChatTokenResponse> RequestStableAsync(string appId, bool forceRefresh, CancellationToken cancellationToken)
    {
        var app = transport.GetApp(appId);
        var body = new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = appId,
            ["secret"] = app.AppSecret,
            ["force_refresh"] = forceRefresh,
        };
        var json = await transport.SendAsync(new WeChatRequest(appId, HttpMethod.Post, StablePath, [], body, [app.AppSecret]), cancellationToken)
            .ConfigureAwait(false);
        return Parse(json, StablePath);
    }

    private static WeChatTokenResponse Parse(JsonObject json, string path) =>
        new(WeChatJson.RequiredString(json, "access_token", path), WeChatJson.RequiredInt(json, "expires_in", path));
}
