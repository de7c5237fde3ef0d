using System.Net;
using Elements.Host.Tests.Support;
using static Elements.Host.Tests.Support.LinkingDriver;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #9 security review, CSRF on the linking flow: the callback only completes in the browser that
/// started the flow (cookie bound to the state), so a callback URL sent to someone else lands them nowhere.</summary>
public sealed class LinkingBrowserBindingTests
{
    [Fact]
    public async Task A_callback_url_opened_in_another_browser_is_refused_and_stays_usable_by_its_own_browser()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        // The attacker's browser (host.NoRedirect, with its cookie jar) starts the flow and consents as bob ...
        var callback = await ConsentAsync(host, await StartAsync(host), "bob");

        // ... and sends the callback URL to the victim, whose browser never started a flow: an error page, no redirect.
        using var victim = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = host.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Get, callback);
        request.Headers.TryAddWithoutValidation("User-Agent", WeChatUserAgent);
        using var refused = await victim.SendAsync(request);
        await AssertErrorPageAsync(refused, null);
        Assert.Contains("not started in this browser", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The refusal did not consume the flow: the browser that started it completes it, once.
        var landed = await CallbackAsync(host, callback);
        Assert.True(Query(landed).ContainsKey("profile_id"), landed.ToString());
        using var replay = await GetAsync(host, callback.AbsoluteUri);
        await AssertErrorPageAsync(replay, null);
    }

    [Fact]
    public async Task The_binding_cookie_is_http_only_lax_limited_to_the_callback_and_expires_with_the_flow()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        using var response = await GetAsync(host, AuthoriseUrl("demo", AppUri(host)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("elements_link_", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/api/wechat/callback", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=600", cookie, StringComparison.OrdinalIgnoreCase);
        // The cookie is derived from the state, not the state itself (which travels in WeChat's URLs anyway).
        var state = Query(response.Headers.Location!)["state"];
        Assert.DoesNotContain(state, cookie, StringComparison.Ordinal);
    }
}
