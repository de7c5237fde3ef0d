using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using static Elements.Host.Tests.Support.LinkingDriver;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #9 security review, open redirects: hostile look-alike URLs are refused by the linking flow's
/// application_uri check (error page 101, never a redirect) and by the Official Account login's redirectDomains.</summary>
public sealed class OpenRedirectTests
{
    private static readonly string[] Hostile =
    [
        "http://127.0.0.1.evil.example/done",
        "http://evil.example/done?next=http://127.0.0.1/",
        "http://127.0.0.1@evil.example/done",
        "http://evil.example\\@127.0.0.1/done",
        "http://evil.example#@127.0.0.1/done",
        "//evil.example/done",
        "/relative/done",
        "javascript:alert(1)//127.0.0.1",
        "ftp://127.0.0.1/done",
        "http://localhost%2f@evil.example/",
        "http://xn--localhost-.example/",
        "http://127.0.0.1:1@evil.example/",
    ];

    [Fact]
    public async Task Hostile_redirect_targets_are_refused_by_the_linking_flow_and_the_official_account_login()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        // One host for all targets (a host per case would cost a start each); the message names the target.
        foreach (var target in Hostile)
        {
            using var authorise = await GetAsync(host, AuthoriseUrl("demo", target));
            Assert.True(authorise.StatusCode == HttpStatusCode.BadRequest && authorise.Headers.Location is null, $"authorise accepted {target}");
            Assert.Contains("data-error-code=\"101\"", await authorise.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var login = await host.Http.PostAsJsonAsync("api/demo/SampleApp/auths/loginTypes/MyWechatLogin/login", new { redirectUrl = target });
            Assert.True(login.StatusCode == HttpStatusCode.UnprocessableEntity, $"login accepted {target}");
            var code = (string?)(await TestHost.ReadProblemAsync(login))["code"];
            Assert.True(code is "AUTH_REDIRECT_INVALID" or "AUTH_REDIRECT_DOMAIN", $"{target}: {code}");
        }
    }

    [Fact]
    public async Task An_allowed_target_is_used_exactly_as_checked()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        using var login = await host.Http.PostAsJsonAsync("api/demo/SampleApp/auths/loginTypes/MyWechatLogin/login", new { redirectUrl = "http://LOCALHOST:8080/done?x=1" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var url = JsonNode.Parse(await login.Content.ReadAsStringAsync())!.GetValue<string>();
        Assert.Equal("http://localhost:8080/done?x=1", Query(new Uri(url))["redirect_uri"]);
    }
}
