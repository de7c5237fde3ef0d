using System.Net;
using System.Web;
using Elements.WeChat.Errors;
using Elements.WeChat.Models;
using Elements.WeChat.Tests.Support;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Sandbox;

/// <summary>The browser consent page: validation errors, Allow / Deny redirects, and the code it yields.</summary>
public sealed class ConsentPageTests : SandboxTestBase
{
    private const string Callback = "https://app.example.com/auth/callback?next=%2Fhome&lang=zh";

    [Fact]
    public async Task The_page_shows_allow_and_deny_and_allow_redirects_with_code_and_state_keeping_query_params()
    {
        using var http = Sandbox.CreateRawClient();
        var url = new Uri(Client.BuildAuthorizeUrl(OfficialAppId, Callback, WeChatScopes.UserInfo, "State123"));
        var page = await http.GetAsync(url.PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"allow\"", html);
        Assert.Contains("id=\"deny\"", html);
        Assert.Contains("Elements Demo", html);

        var redirect = await ConfirmAsync(http, "allow", WeChatScopes.UserInfo, "State123", Callback, Bob);
        Assert.Equal("https", redirect.Scheme);
        Assert.Equal("app.example.com", redirect.Host);
        Assert.Equal("/auth/callback", redirect.AbsolutePath);
        var query = HttpUtility.ParseQueryString(redirect.Query);
        Assert.Equal("/home", query["next"]);
        Assert.Equal("zh", query["lang"]);
        Assert.Equal("State123", query["state"]);
        Assert.NotNull(query["code"]);

        // The code works with the API, for the user who consented, exactly once.
        var token = await Client.ExchangeOAuthCodeAsync(OfficialAppId, query["code"]!);
        Assert.Equal((await Sandbox.Control.GetUserAsync(OfficialAppId, Bob)).OpenId, token.OpenId);
        Assert.Equal(WeChatScopes.UserInfo, token.Scope);
        await Assert.ThrowsAsync<WeChatInvalidCodeException>(() => Client.ExchangeOAuthCodeAsync(OfficialAppId, query["code"]!));
    }

    [Fact]
    public async Task Deny_redirects_without_a_code()
    {
        using var http = Sandbox.CreateRawClient();
        var redirect = await ConfirmAsync(http, "deny", WeChatScopes.Base, "xyz", "https://app.example.com/cb", Alice);
        var query = HttpUtility.ParseQueryString(redirect.Query);
        Assert.Null(query["code"]);
        Assert.Equal("xyz", query["state"]);
    }

    [Theory]
    [InlineData("https://evil.example.net/cb", "snsapi_base", "ok", 10003)]
    [InlineData("https://sub.app.example.com/cb", "snsapi_base", "ok", 10003)]
    [InlineData("http://localhost:5001/cb", "snsapi_base", "ok", 10003)]
    [InlineData("https://app.example.com/cb", "snsapi_login", "ok", 10005)]
    [InlineData("https://app.example.com/cb", "", "ok", 10010)]
    [InlineData("", "snsapi_base", "ok", 10011)]
    [InlineData("https://app.example.com/cb", "snsapi_base", "", 10013)]
    [InlineData("https://app.example.com/cb", "snsapi_base", "has-dash", 10013)]
    public async Task Invalid_requests_show_wechats_page_errors(string redirectUri, string scope, string state, int errcode)
    {
        using var http = Sandbox.CreateRawClient();
        var response = await http.GetAsync(
            $"/connect/oauth2/authorize?appid={OfficialAppId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope={scope}&state={state}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(errcode.ToString(), response.Headers.GetValues("X-WeChat-Errcode").Single());
        Assert.Contains($"data-errcode=\"{errcode}\"", html);
        Assert.DoesNotContain("id=\"allow\"", html);
    }

    [Fact]
    public async Task State_is_limited_to_128_bytes_and_port_domains_match()
    {
        using var http = Sandbox.CreateRawClient();
        var ok = await http.GetAsync($"/connect/oauth2/authorize?appid={OfficialAppId}&redirect_uri={Uri.EscapeDataString("http://localhost:5000/cb")}&response_type=code&scope=snsapi_base&state={new string('a', 128)}");
        Assert.False(ok.Headers.Contains("X-WeChat-Errcode"));
        var tooLong = await http.GetAsync($"/connect/oauth2/authorize?appid={OfficialAppId}&redirect_uri={Uri.EscapeDataString("http://localhost:5000/cb")}&response_type=code&scope=snsapi_base&state={new string('a', 129)}");
        Assert.Equal("10013", tooLong.Headers.GetValues("X-WeChat-Errcode").Single());
    }

    [Fact]
    public async Task Appid_is_checked()
    {
        using var http = Sandbox.CreateRawClient();
        var missing = await http.GetAsync("/connect/oauth2/authorize?redirect_uri=https%3A%2F%2Fapp.example.com&response_type=code&scope=snsapi_base&state=a");
        Assert.Equal("10012", missing.Headers.GetValues("X-WeChat-Errcode").Single());
        var mini = await http.GetAsync($"/connect/oauth2/authorize?appid={MiniAppId}&redirect_uri=https%3A%2F%2Fapp.example.com&response_type=code&scope=snsapi_base&state=a");
        Assert.Equal("10016", mini.Headers.GetValues("X-WeChat-Errcode").Single());
    }

    private static async Task<Uri> ConfirmAsync(HttpClient http, string decision, string scope, string state, string redirectUri, string user)
    {
        var response = await http.PostAsync("/connect/oauth2/authorize/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["appid"] = OfficialAppId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["user"] = user,
            ["decision"] = decision,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }
}
