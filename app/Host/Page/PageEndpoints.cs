using System.Reflection;
using Elements.Host.Linking;
using Elements.Host.OpenApi;
using Elements.Hosting.AspNetCore.WeChat;
using Elements.Std.Auths;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.Options;

namespace Elements.Host.Page;

/// <summary>
/// The try-it page at <c>/</c> (<c>wwwroot/index.html</c>, <c>site.css</c>, <c>app.js</c>, embedded in the host so it
/// is served whatever the content root) and <c>GET /api/host/page</c>, what the page needs to know: the element API's
/// root, the linking accounts, the mini-program login element and, in sandbox mode, the demo users.
/// </summary>
internal static class PageEndpoints
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["/"] = ("wwwroot/index.html", "text/html; charset=utf-8"),
        ["/index.html"] = ("wwwroot/index.html", "text/html; charset=utf-8"),
        ["/site.css"] = ("wwwroot/site.css", "text/css; charset=utf-8"),
        ["/app.js"] = ("wwwroot/app.js", "text/javascript; charset=utf-8"),
    };

    private static readonly Dictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    public static void MapPage(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, file) in Files)
        {
            endpoints.MapGet(path, () => Results.Bytes(Read(file.Resource), file.ContentType)).WithName("Page" + path);
        }

        endpoints.MapGet("/api/host/page", Describe).WithName("PageConfig")
            .Documented("page", "What the try-it page shows: the app, its login elements and the linking accounts", StatusCodes.Status404NotFound);
    }

    private static IResult Describe(ElementApp app, IOptions<WeChatHostOptions> wechat, IOptionsMonitor<LinkingOptions> linking, IServiceProvider services)
    {
        var (org, name) = app.AppId.IndexOf('.') is var dot and > 0 ? (app.AppId[..dot], app.AppId[(dot + 1)..]) : (app.AppId, "");
        var mini = app.Elements
            .Where(d => d.Layer == Elements.Definitions.ElementLayer.Instance && d.ImplementationType == typeof(WeChatMiniLoginElement))
            .Select(d => new { element = d.FullName, appId = app.GetElement<WeChatMiniLoginElement>(d.FullName).AppId })
            .FirstOrDefault();
        var sandbox = wechat.Value.Mode == WeChatMode.Sandbox;
        var users = sandbox
            ? services.GetRequiredService<IOptions<WeChatSandboxOptions>>().Value.Users.Select(u => new { userId = u.UserId, nickname = u.Nickname }).ToArray()
            : [];
        return Results.Json(new
        {
            appId = app.AppId,
            apiBase = $"/api/{org}/{name}",
            sandbox,
            linking = linking.CurrentValue.Accounts.Select(a => new { accountId = a.Key, login = a.Value.Login }).ToArray(),
            mini,
            users,
        });
    }

    private static byte[] Read(string resource)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(resource, out var bytes))
            {
                using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
                    ?? throw new InvalidOperationException($"page resource {resource} is not embedded");
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                Cache[resource] = bytes = memory.ToArray();
            }

            return bytes;
        }
    }
}
