using Elements.Host.Wechat;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Elements.Host.Api;

/// <summary>
/// <c>GET /</c>: a plain-text index of what this host serves, so the banner's "Open" URL answers something useful.
/// Stands in until the browser page (issue 7) takes over <c>/</c>.
/// </summary>
internal static class HomeEndpoint
{
    public static IEndpointConventionBuilder MapHome(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/", Index).WithName("Home");

    private static ContentHttpResult Index(ElementApp app, IOptions<WechatHostOptions> wechat)
    {
        var (org, name) = app.AppId.IndexOf('.') is var dot and > 0 ? (app.AppId[..dot], app.AppId[(dot + 1)..]) : (app.AppId, "");
        var text = $"""
            Elements host serving {app.AppId} ({app.Elements.Count} elements, generation {app.Generation})

            POST /api/{org}/{name}/<element/path>/<function>   call an element function (JSON body of named args)
            GET  /healthz                                      health
            WeChat: {(wechat.Value.Mode == WechatMode.Sandbox ? "sandbox in this process (control API under /sandbox)" : "live")}

            """;
        return TypedResults.Text(text, "text/plain; charset=utf-8");
    }
}
