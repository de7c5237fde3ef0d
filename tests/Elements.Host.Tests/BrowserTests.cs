using System.Text.RegularExpressions;
using Elements.Host.Tests.Support;
using Microsoft.Playwright;
using static Elements.Host.Tests.Support.LinkingDriver;

namespace Elements.Host.Tests;

/// <summary>
/// Real-browser tests: Chromium with WeChat's User-Agent through the linking flow and the page at <c>/</c>.
/// <c>ELEMENTS_SCREENSHOT=path.png</c> also saves a screenshot of the page with both flows done (docs/screenshot.png).
/// </summary>
public sealed partial class BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Generous: a CI machine running two test projects at once on 2 cores is slow; a pass is usually a second or two.
    private const float Timeout = 45_000;

    [Fact]
    public async Task Linking_url_consent_allow_lands_on_application_uri_with_a_profile_id_that_reads_back()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        await using var context = await browser.NewWeChatContextAsync();
        var page = await context.NewPageAsync();
        var blocked = CspViolations(page);
        var applicationUri = AppUri(host, "?from=browser-test");

        await page.GotoAsync(new Uri(host.BaseUri, AuthoriseUrl("demo", applicationUri)).AbsoluteUri);
        Assert.StartsWith(new Uri(host.BaseUri, "connect/oauth2/authorize").AbsoluteUri, page.Url, StringComparison.Ordinal);
        // The consent page's inline style is allowed by its hash under the page's Content-Security-Policy.
        Assert.Equal("rgb(7, 193, 96)", await page.Locator("#allow").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await page.SelectOptionAsync("#user", "bob");
        await page.ClickAsync("#allow");
        await ArriveAtAsync(page, ProfileIdInUrl());

        var landed = new Uri(page.Url);
        Assert.Equal(applicationUri, landed.GetLeftPart(UriPartial.Path) + "?from=browser-test");
        var profileId = Query(landed)["profile_id"];
        var profile = await ProfileAsync(host, profileId);
        Assert.Equal("Bob", (string?)profile["social"]![0]!["nickname"]);
        Assert.Equal("Male", (string?)profile["gender"]);
        // The page at application_uri (the host's own /) shows it too.
        await page.Locator("#profile").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Timeout });
        Assert.Equal(profileId, await page.Locator("#profile").GetAttributeAsync("data-profile-id"));
        Assert.Equal("Bob", await page.Locator("#profile-name").TextContentAsync());
        Assert.Empty(blocked);
    }

    [Fact]
    public async Task Page_runs_the_official_account_login_and_the_mini_program_simulator_end_to_end()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        await using var context = await browser.NewWeChatContextAsync();
        var page = await context.NewPageAsync();
        var blocked = CspViolations(page);

        // (a) Official Account: the page's button → consent → back on the page with the profile.
        await page.GotoAsync(host.BaseUri.AbsoluteUri);
        await page.Locator("body[data-ready=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        await page.SelectOptionAsync("#oa-account", "demo");
        await page.ClickAsync("#oa-login");
        await ArriveAtAsync(page, new Regex("/connect/oauth2/authorize"));
        await page.SelectOptionAsync("#user", "alice");
        await page.ClickAsync("#allow");
        await ArriveAtAsync(page, ProfileIdInUrl());
        await page.Locator("#profile").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Timeout });
        Assert.Equal("Alice", await page.Locator("#profile-name").TextContentAsync());
        Assert.Contains("Shenzhen", await page.Locator("#profile-meta").TextContentAsync(), StringComparison.Ordinal);

        // (b) Mini program: a new user registers, then logs in; a second login is the same user.
        await page.Locator("body[data-ready=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        await page.SelectOptionAsync("#mini-user", "alice");
        await page.ClickAsync("#mini-login");
        await page.Locator("#session").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Timeout });
        var steps = await page.Locator("#mini-steps li").AllTextContentsAsync();
        Assert.Contains(steps, s => s.StartsWith("registered user", StringComparison.Ordinal));
        Assert.Empty(await page.Locator("#mini-steps li.fail").AllTextContentsAsync());
        var userId = await page.Locator("#session").GetAttributeAsync("data-user-id");
        Assert.False(string.IsNullOrEmpty(userId));
        Assert.Contains("Alice", await page.Locator("#session-user").TextContentAsync(), StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("ELEMENTS_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.Locator("#profile-json").EvaluateAsync("e => e.closest('details').open = false");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }

        await page.ClickAsync("#mini-login");
        await page.WaitForFunctionAsync("() => !document.getElementById('mini-login').disabled && document.querySelector('#mini-steps li:last-child') !== null",
            null, new PageWaitForFunctionOptions { Timeout = Timeout });
        steps = await page.Locator("#mini-steps li").AllTextContentsAsync();
        Assert.DoesNotContain(steps, s => s.StartsWith("registered user", StringComparison.Ordinal));
        Assert.Empty(await page.Locator("#mini-steps li.fail").AllTextContentsAsync());
        Assert.Equal(userId, await page.Locator("#session").GetAttributeAsync("data-user-id"));
        Assert.Empty(blocked);
    }

    /// <summary>Waits until the page's URL matches: the navigation's commit, which is all the next step needs (it waits for
    /// what it reads on the page itself). Playwright's <c>WaitForURLAsync</c> is not used: when the URL already matches,
    /// it waits for the <c>load</c> event whatever <c>WaitUntil</c> says, and CI once saw that event never reach it
    /// (45 s on a page showing the profile). A timeout says where the browser was instead.</summary>
    private static async Task ArriveAtAsync(IPage page, Regex url)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!url.IsMatch(page.Url))
        {
            if (waited.ElapsedMilliseconds > Timeout)
            {
                throw new TimeoutException($"never reached {url}; the browser is at {page.Url} showing: {await BodyTextAsync(page)}");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<string> BodyTextAsync(IPage page)
    {
        try
        {
            var text = await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            return text[..Math.Min(text.Length, 500)];
        }
        catch (PlaywrightException unreadable)
        {
            return $"(unreadable: {unreadable.Message})";
        }
    }

    [Fact]
    public async Task Api_reference_page_renders_the_element_api_under_the_hosts_content_security_policy()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        await using var context = await browser.NewWeChatContextAsync();
        var page = await context.NewPageAsync();
        var blocked = CspViolations(page);
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(host.BaseUri.AbsoluteUri, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (outside)
                {
                    outside.Add(request.Url);
                }
            }
        };

        await page.GotoAsync(new Uri(host.BaseUri, "api-reference").AbsoluteUri);
        // Scalar has read /openapi/v1.json (the app's title) and draws the element operations by family: open one.
        await page.GetByText("demo.SampleApp").First.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - models", Exact = true }).First.ClickAsync();
        await page.GetByText("Query rows").First.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });

        Assert.Empty(blocked);
        Assert.Empty(outside);
    }

    /// <summary>What the browser refused under the host's Content-Security-Policy (it reports each on the console).</summary>
    private static List<string> CspViolations(IPage page)
    {
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (blocked)
                {
                    blocked.Add(message.Text);
                }
            }
        };
        return blocked;
    }

    [GeneratedRegex("[?&]profile_id=")]
    private static partial Regex ProfileIdInUrl();
}
