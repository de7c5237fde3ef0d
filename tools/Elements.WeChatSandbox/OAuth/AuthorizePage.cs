using System.Net;
using System.Security.Cryptography;
using System.Text;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.State;

namespace Elements.WeChatSandbox.OAuth;

/// <summary>
/// <c>GET /connect/oauth2/authorize</c>: WeChat's web OAuth2 consent page. Validates like WeChat (page errors
/// 10003, 10005, 10010–10013, 10016), shows Allow / Deny, and redirects to <c>redirect_uri?code=…&amp;state=…</c>
/// keeping the redirect_uri's own query parameters. <c>sandbox_user</c> (not a WeChat parameter) picks the user.
/// </summary>
internal static class AuthorizePage
{
    public const string Path = "/connect/oauth2/authorize";
    public const string ConfirmPath = "/connect/oauth2/authorize/confirm";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, SandboxState state) =>
        {
            var query = context.Request.Query;
            var request = new AuthorizeRequest(query["appid"], query["redirect_uri"], query["response_type"], query["scope"], query["state"]);
            if (Validate(state, request) is { } error)
            {
                return ErrorPage(error.Errcode, error.Message);
            }

            var app = state.FindApp(request.AppId!)!;
            var chosen = query["sandbox_user"].ToString();
            var users = state.Users();
            if (users.Count == 0)
            {
                users = [state.ResolveConsentingUser(null)];
            }

            return ConsentPage(app, request, users, string.IsNullOrEmpty(chosen) ? null : chosen);
        });

        endpoints.MapPost(ConfirmPath, async (HttpContext context, SandboxState state) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var request = new AuthorizeRequest(form["appid"], form["redirect_uri"], "code", form["scope"], form["state"]);
            if (Validate(state, request) is { } error)
            {
                return ErrorPage(error.Errcode, error.Message);
            }

            string? code = null;
            if (form["decision"] == "allow")
            {
                try
                {
                    code = state.AuthorizeCode(request.AppId!, form["user"].ToString() is { Length: > 0 } user ? user : null, request.Scope!);
                }
                catch (SandboxControlException ex)
                {
                    return ErrorPage(null, ex.Message);
                }
            }

            return Results.Redirect(BuildRedirect(request.RedirectUri!, code, request.State!));
        });
    }

    /// <summary>redirect_uri with code (when allowed) and state appended to its existing query string.</summary>
    internal static string BuildRedirect(string redirectUri, string? code, string stateValue)
    {
        var builder = new UriBuilder(redirectUri);
        var extra = (code is null ? "" : "code=" + Uri.EscapeDataString(code) + "&") + "state=" + Uri.EscapeDataString(stateValue);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? extra : existing + "&" + extra;
        return builder.Uri.AbsoluteUri;
    }

    private static (int? Errcode, string Message)? Validate(SandboxState state, AuthorizeRequest request)
    {
        if (string.IsNullOrEmpty(request.AppId))
        {
            return (10012, "appid 参数错误 (appid is empty)");
        }

        var app = state.FindApp(request.AppId);
        if (app is null)
        {
            return (10012, "appid 参数错误 (unknown appid)");
        }

        if (app.Kind != SandboxAppKind.Official)
        {
            return (10016, "不支持该 appid 发起网页授权 (only official accounts use web OAuth2)");
        }

        if (string.IsNullOrEmpty(request.RedirectUri))
        {
            return (10011, "redirect_uri 参数错误 (redirect_uri is empty)");
        }

        if (request.ResponseType != "code")
        {
            return (null, "response_type 参数错误 (must be code)");
        }

        if (string.IsNullOrEmpty(request.Scope))
        {
            return (10010, "scope 参数错误 (scope is empty)");
        }

        if (request.Scope is not ("snsapi_base" or "snsapi_userinfo"))
        {
            return (10005, "此公众号并没有这些 scope 的权限 (scope not permitted)");
        }

        if (!Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var redirect)
            || redirect.Scheme is not ("http" or "https")
            || !app.RedirectDomains.Any(domain =>
                string.Equals(domain, redirect.Host, StringComparison.OrdinalIgnoreCase)
                || string.Equals(domain, redirect.Authority, StringComparison.OrdinalIgnoreCase)))
        {
            return (10003, "redirect_uri 域名与后台配置不一致 (redirect_uri domain mismatch)");
        }

        if (string.IsNullOrEmpty(request.State))
        {
            return (10013, "state 参数错误 (state is empty)");
        }

        if (Encoding.UTF8.GetByteCount(request.State) > 128 || !request.State.All(char.IsAsciiLetterOrDigit))
        {
            return (10013, "state 参数错误 (state must be a-zA-Z0-9, at most 128 bytes)");
        }

        return null;
    }

    private static IResult ErrorPage(int? errcode, string message)
    {
        var code = errcode is { } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var html = Layout("微信授权 – 出错了", $"""
            <div class="card" id="error" data-errcode="{code}">
              <h1>Oops! Something went wrong :(</h1>
              <p class="errcode">{(errcode is null ? "" : "错误码 " + code)}</p>
              <p class="message">{Html(message)}</p>
            </div>
            """);
        // WeChat shows its page errors with HTTP 200; the header lets tests read the code without parsing HTML.
        return new HtmlResult(html, errcode);
    }

    private static IResult ConsentPage(SandboxAppRegistration app, AuthorizeRequest request, IReadOnlyList<SandboxUserRegistration> users, string? chosen)
    {
        var options = new StringBuilder();
        foreach (var user in users)
        {
            var selected = user.UserId == chosen ? " selected" : "";
            options.Append($"<option value=\"{Html(user.UserId)}\"{selected}>{Html(user.Nickname.Length > 0 ? user.Nickname : user.UserId)}</option>");
        }

        var what = request.Scope == "snsapi_userinfo" ? "获得你的公开信息（昵称、头像等）" : "获取你的身份标识（openid）";
        var html = Layout("微信授权", $"""
            <div class="card">
              <p class="app">{Html(app.Name ?? app.AppId)}</p>
              <h1>申请{what}</h1>
              <p class="scope">scope: {Html(request.Scope!)}</p>
              <form method="post" action="{ConfirmPath}">
                <input type="hidden" name="appid" value="{Html(request.AppId!)}">
                <input type="hidden" name="redirect_uri" value="{Html(request.RedirectUri!)}">
                <input type="hidden" name="scope" value="{Html(request.Scope!)}">
                <input type="hidden" name="state" value="{Html(request.State!)}">
                <label>以此微信用户身份 <select id="user" name="user">{options}</select></label>
                <button id="allow" class="allow" type="submit" name="decision" value="allow">允许 Allow</button>
                <button id="deny" class="deny" type="submit" name="decision" value="deny">拒绝 Deny</button>
              </form>
            </div>
            """);
        return new HtmlResult(html, null);
    }

    /// <summary>The pages' only style, inline as on WeChat's page; allowed by its hash in <see cref="ContentSecurityPolicy"/>
    /// so the page needs no <c>'unsafe-inline'</c>.</summary>
    private const string Style = """

            body { font-family: -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; background: #ededed; margin: 0; }
            .card { max-width: 420px; margin: 48px auto; background: #fff; border-radius: 12px; padding: 32px 24px; text-align: center; }
            h1 { font-size: 18px; font-weight: 500; color: #111; }
            .app { font-weight: 600; color: #576b95; }
            .scope, .errcode { color: #888; font-size: 13px; }
            label { display: block; margin: 16px 0; color: #555; font-size: 14px; }
            button { display: block; width: 100%; margin: 12px 0 0; padding: 12px; border: 0; border-radius: 8px; font-size: 16px; cursor: pointer; }
            .allow { background: #07c160; color: #fff; }
            .deny { background: #f2f2f2; color: #07c160; }

        """;

    /// <summary>No script at all; the form posts to this origin and its redirect goes to the app's redirect_uri (so no
    /// <c>form-action</c>: browsers apply it to the redirect too). A host serving this page keeps this policy.</summary>
    internal static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; "
        + "base-uri 'none'; frame-ancestors 'none'";

    private static string Layout(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{Html(title)}}</title>
          <style>{{Style}}</style>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;

    private static string Html(string value) => WebUtility.HtmlEncode(value);

    private sealed record AuthorizeRequest(string? AppId, string? RedirectUri, string? ResponseType, string? Scope, string? State);

    private sealed class HtmlResult(string html, int? errcode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            httpContext.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            if (errcode is { } code)
            {
                httpContext.Response.Headers["X-WeChat-Errcode"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return httpContext.Response.WriteAsync(html);
        }
    }
}
