using System.Net;
using System.Text.Json.Nodes;

namespace Elements.Host.Tests.Support;

/// <summary>Drives XPKit's linking flow over HTTP as WeChat's browser would: authorise → sandbox consent page →
/// callback → application_uri.</summary>
internal static class LinkingDriver
{
    public const string WeChatUserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50(0x18003237) NetType/WIFI Language/zh_CN";

    public static string AppUri(TestHost host, string path = "done") => new Uri(host.BaseUri, path).AbsoluteUri;

    public static string AuthoriseUrl(string? accountId, string? applicationUri, string? authType = "snsapi_userinfo")
    {
        var parts = new List<string>();
        if (accountId is not null)
        {
            parts.Add("account_id=" + Uri.EscapeDataString(accountId));
        }

        if (authType is not null)
        {
            parts.Add("auth_type=" + Uri.EscapeDataString(authType));
        }

        if (applicationUri is not null)
        {
            parts.Add("application_uri=" + Uri.EscapeDataString(applicationUri));
        }

        return "api/wechat/authorise/?" + string.Join("&", parts);
    }

    public static async Task<HttpResponseMessage> GetAsync(TestHost host, string url, string? userAgent = WeChatUserAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return await host.NoRedirect.SendAsync(request);
    }

    /// <summary>authorise → the consent page's URL (asserted to be a 302 to the sandbox's authorize page).</summary>
    public static async Task<Uri> StartAsync(TestHost host, string accountId = "demo", string authType = "snsapi_userinfo", string? applicationUri = null)
    {
        using var response = await GetAsync(host, AuthoriseUrl(accountId, applicationUri ?? AppUri(host), authType));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(new Uri(host.BaseUri, "connect/oauth2/authorize?").AbsoluteUri, location.AbsoluteUri, StringComparison.Ordinal);
        return location;
    }

    public static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    /// <summary>Submits the consent page's form (Allow or Deny as <paramref name="user"/>) → the callback URL WeChat redirects to.</summary>
    public static async Task<Uri> ConsentAsync(TestHost host, Uri consentPage, string user = "alice", bool allow = true)
    {
        var q = Query(consentPage);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["appid"] = q["appid"], ["redirect_uri"] = q["redirect_uri"], ["scope"] = q["scope"], ["state"] = q["state"],
            ["user"] = user, ["decision"] = allow ? "allow" : "deny",
        });
        using var response = await host.NoRedirect.PostAsync("connect/oauth2/authorize/confirm", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>The callback → where it sends the browser (asserted to be a 302).</summary>
    public static async Task<Uri> CallbackAsync(TestHost host, Uri callback)
    {
        using var response = await GetAsync(host, callback.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>The whole flow; returns the profile_id the browser lands with.</summary>
    public static async Task<string> LinkAsync(TestHost host, string accountId = "demo", string user = "alice", string authType = "snsapi_userinfo")
    {
        var consent = await StartAsync(host, accountId, authType);
        var landed = await CallbackAsync(host, await ConsentAsync(host, consent, user));
        var q = Query(landed);
        Assert.True(q.ContainsKey("profile_id"), "landed on " + landed);
        return q["profile_id"];
    }

    public static async Task<JsonObject> ProfileAsync(TestHost host, string id)
    {
        using var response = await host.Http.GetAsync("api/profile/" + id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static async Task<JsonObject> FilterAsync(TestHost host, params string[] openIds)
    {
        using var response = await host.Http.GetAsync("api/profile/?wechat_openid__in=" + string.Join(",", openIds.Select(Uri.EscapeDataString)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Asserts an error page (no redirect) carrying <paramref name="errorCode"/> (null: none).</summary>
    public static async Task AssertErrorPageAsync(HttpResponseMessage response, int? errorCode)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"data-error-code=\"{errorCode}\"", html, StringComparison.Ordinal);
    }
}
