using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Elements.Host.Tests.Support;
using static Elements.Host.Tests.Support.LinkingDriver;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #14 hostile-caller review: every answer of the host (pages, files, API, errors, redirects, the
/// sandbox's consent page) carries nosniff, no-referrer, frame protection and a CSP without inline script.</summary>
public sealed partial class SecurityHeadersTests
{
    [Fact]
    public async Task Every_kind_of_answer_carries_nosniff_no_referrer_and_frame_protection_and_pages_a_strict_csp()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("page", await host.Http.GetAsync("")),
            ("index.html", await host.Http.GetAsync("index.html")),
            ("script", await host.Http.GetAsync("app.js")),
            ("page config", await host.Http.GetAsync("api/host/page")),
            ("health", await host.Http.GetAsync("healthz")),
            ("404 element", await host.PostAsync("api/demo/SampleApp/nothing/here/at/all", TestHost.Raw("{}"))),
            ("400 body", await host.PostAsync("api/demo/SampleApp/auths/services/AuthSvc/logout", TestHost.Raw("{"))),
            ("unmapped path", await host.Http.GetAsync("no/such/path")),
            ("linking error page", await GetAsync(host, AuthoriseUrl("nope", AppUri(host)))),
            ("linking redirect", await GetAsync(host, AuthoriseUrl("demo", AppUri(host)))),
            ("sandbox control", await host.Http.GetAsync("sandbox/clock")),
        };
        try
        {
            foreach (var (what, response) in answers)
            {
                Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", what);
                Assert.True(Header(response, "Referrer-Policy") == "no-referrer", what);
                Assert.True(Header(response, "X-Frame-Options") == "DENY", what);
                var csp = Header(response, "Content-Security-Policy");
                Assert.True(csp is not null, what);
                Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
                Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
                Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
                if (response.Content.Headers.ContentType?.MediaType == "text/html")
                {
                    Assert.True(Directive(csp, "script-src") == "'self'", what + ": " + csp);
                    Assert.True(Directive(csp, "default-src") == "'self'", what + ": " + csp);
                }
                else
                {
                    Assert.True(Directive(csp, "default-src") == "'none'", what + ": " + csp);
                }
            }

            Assert.Equal("text/html", answers[0].Response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("text/html", answers[8].Response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Redirect, answers[9].Response.StatusCode);
        }
        finally
        {
            answers.ForEach(a => a.Response.Dispose());
        }
    }

    [Theory]
    [InlineData("text/html", true)]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData(" TEXT/HTML ;charset=utf-8", true)]
    [InlineData("text/htmlx", false)]
    [InlineData("application/json; charset=utf-8", false)]
    [InlineData("text/plain; note=text/html", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_page_is_an_answer_whose_media_type_is_text_html(string? contentType, bool page) =>
        Assert.Equal(page, Elements.Hosting.AspNetCore.Security.SecurityHeadersMiddleware.IsHtml(contentType));

    [Fact]
    public async Task The_page_and_the_linking_error_page_have_no_inline_script_or_style()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        using var error = await GetAsync(host, AuthoriseUrl("nope", AppUri(host)));
        foreach (var html in new[] { await host.Http.GetStringAsync(""), await error.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(EventHandlerAttribute(), html);
        }
    }

    [Fact]
    public async Task The_consent_page_allows_exactly_its_own_style_by_hash_and_no_script()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var consent = await StartAsync(host);

        using var response = await host.Http.GetAsync(consent);
        var csp = Header(response, "Content-Security-Policy")!;
        Assert.Equal("'none'", Directive(csp, "default-src"));
        Assert.Null(Directive(csp, "script-src"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));

        var html = await response.Content.ReadAsStringAsync();
        var style = StyleBlock().Match(html);
        Assert.True(style.Success);
        var hash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.Groups[1].Value))) + "'";
        Assert.Equal(hash, Directive(csp, "style-src"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static string? Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .Where(d => d[0] == name)
            .Select(d => d.Length > 1 ? d[1] : "")
            .FirstOrDefault();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
