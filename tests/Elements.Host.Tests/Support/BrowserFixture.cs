using Microsoft.Playwright;

namespace Elements.Host.Tests.Support;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>ELEMENTS_CHROMIUM</c>) driven by Playwright's Node driver, which
/// ships inside the NuGet package: nothing is downloaded. A missing browser fails the browser tests with an
/// explanation instead of skipping them: they are part of the suite (CI installs Chromium; with
/// <c>ELEMENTS_REQUIRE_BROWSER=1</c> the message says so).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string ExecutablePath { get; } = Environment.GetEnvironmentVariable("ELEMENTS_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;

    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Unavailable = $"Chromium not found at {ExecutablePath}: install it (apt-get install chromium) or point ELEMENTS_CHROMIUM at one"
                + (Environment.GetEnvironmentVariable("ELEMENTS_REQUIRE_BROWSER") == "1" ? " (ELEMENTS_REQUIRE_BROWSER=1)" : "")
                + "; browser tests never skip silently.";
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh context (cookies, storage) with WeChat's User-Agent; fails the test when there is no browser.</summary>
    public Task<IBrowserContext> NewWeChatContextAsync()
    {
        Assert.True(Browser is not null, Unavailable ?? "the browser did not start");
        return Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            UserAgent = LinkingDriver.WeChatUserAgent,
            ViewportSize = new ViewportSize { Width = 1180, Height = 700 },
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
