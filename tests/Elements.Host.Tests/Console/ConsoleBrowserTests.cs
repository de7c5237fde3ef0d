using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Host.Tests.Security.Hostile;
using Elements.Host.Tests.Support;
using Elements.Testing.Repository;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Elements.Host.Tests.Console;

/// <summary>
/// The Elements Console (<c>/console</c>) in a real browser (Debian's Chromium) against the real host on a temp copy
/// of the sample app: sign-in by the sandbox link and by password, finding an element, running a function from its
/// form, a model's rows under a Q filter, live health diagnostics of a broken e.json, and nothing shown to callers
/// without a console role. Every page is checked for CSP violations and script errors.
/// <c>ELEMENTS_UPDATE_SCREENSHOTS=1</c> also writes docs/console/*.png (the README's screenshots).
/// </summary>
public sealed partial class ConsoleBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    // Generous: CI runs test projects side by side on 2 cores; a step usually takes well under a second.
    private const float Timeout = 45_000;
    private const string TokenKey = "elements.console.token";
    private const string OaSecret = "CONSOLE-TEST-OA-SECRET-7f3a9c";

    private static readonly bool UpdateScreenshots = Environment.GetEnvironmentVariable("ELEMENTS_UPDATE_SCREENSHOTS") == "1";

    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Sandbox_link_signs_in_once_and_search_finds_an_element_whose_page_shows_no_secret()
    {
        using var copy = SampleAppCopy.Create();
        // A distinctive secret for the official account, so the page can be searched for it.
        await using var host = await copy.StartAsync(new Dictionary<string, string?>
        {
            ["Elements:WeChat:Sandbox:Apps:0:Secret"] = OaSecret,
        });
        var link = ConsoleLink().Match(host.Banner.ToString());
        Assert.True(link.Success, $"the banner prints no console link: {host.Banner}");
        var (page, watch) = await OpenAsync(host, link.Groups[1].Value);

        await ReadyAsync(page, "elements");
        // The one-time code left the address bar and the history before it was redeemed.
        Assert.DoesNotContain("signin=", page.Url, StringComparison.Ordinal);
        Assert.EndsWith("/console/#/elements", page.Url, StringComparison.Ordinal);
        Assert.Contains("console-admin", await page.Locator("#user-name").TextContentAsync(), StringComparison.Ordinal);
        var token = await page.EvaluateAsync<string>($"() => sessionStorage.getItem('{TokenKey}')");
        Assert.False(string.IsNullOrEmpty(token));

        await page.FillAsync("#element-search", "MyCustomService");
        var found = page.Locator("#element-tree a[href='#/elements/messages.MyCustomService']");
        await found.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal(1, await page.Locator("#element-tree .leaf").CountAsync());
        await page.FillAsync("#element-search", "");
        await page.SelectOptionAsync("#filter-layer", "meta");
        Assert.All(await page.Locator("#element-tree .leaf .badge-meta, #element-tree .leaf .badge-type, #element-tree .leaf .badge-instance").AllTextContentsAsync(),
            layer => Assert.Equal("meta", layer));
        await page.SelectOptionAsync("#filter-layer", "");
        await ScreenshotAsync(page, "elements");

        await page.FillAsync("#element-search", "MyCustomService");
        await found.ClickAsync();
        await ReadyAsync(page, "elements");
        await page.Locator("h1.page-title", new() { HasText = "messages.MyCustomService" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Contains("WECHAT_OA_SECRET", await page.Locator("#placeholders").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("messages.WechatCustomType", await page.Locator(".summary").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#fn-sendText").IsVisibleAsync());

        var html = await page.ContentAsync();
        Assert.DoesNotContain(OaSecret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);

        // The link is single-use: a second browser gets the sign-in page saying so, and no session.
        var (second, secondWatch) = await OpenAsync(host, link.Groups[1].Value);
        await ReadyAsync(second, "signin");
        Assert.Contains("EL_CONSOLE_LINK_INVALID", await second.Locator("#link-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Null(await second.EvaluateAsync<string?>($"() => sessionStorage.getItem('{TokenKey}')"));
        Assert.DoesNotContain("signin=", second.Url, StringComparison.Ordinal);
        watch.AssertClean();
        secondWatch.AssertClean(allowFailedRequests: true);
    }

    [Fact]
    public async Task Password_sign_in_then_a_function_runs_from_its_form_and_a_refused_call_shows_its_code()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var caller = new HostileCaller(host);
        var admin = await caller.SignUpAdminAsync("ada");
        var plain = await caller.SignUpAsync("bob");
        var (page, watch) = await OpenAsync(host, "console/#/signin");

        await ReadyAsync(page, "signin");
        await page.FillAsync("#signin-form input[name=username]", "ada");
        await page.FillAsync("#signin-form input[name=password]", HostileCaller.Password);
        await page.ClickAsync("#signin-form button[type=submit]");
        await ReadyAsync(page, "elements");
        Assert.EndsWith("#/elements", page.Url, StringComparison.Ordinal);
        Assert.Contains("ada", await page.Locator("#user-name").TextContentAsync(), StringComparison.Ordinal);
        var token = await page.EvaluateAsync<string>($"() => sessionStorage.getItem('{TokenKey}')");

        // A function with a text argument: the JSON result, and the same call as curl and C#.
        await GoAsync(page, "#/elements/auths.loginTypes.MyWechatLogin");
        await page.ClickAsync("button[data-run=isWechatBrowser]");
        await page.FillAsync("#run-isWechatBrowser-arg-userAgent", "Mozilla/5.0 MicroMessenger/8.0.47");
        await page.ClickAsync("#run-isWechatBrowser-form button[type=submit]");
        await page.Locator("#run-isWechatBrowser-json").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal("true", (await page.Locator("#run-isWechatBrowser-json").TextContentAsync())!.Trim());
        var curl = (await page.Locator("#run-isWechatBrowser-curl").TextContentAsync())!;
        Assert.Contains("/api/demo/SampleApp/auths/loginTypes/MyWechatLogin/isWechatBrowser", curl, StringComparison.Ordinal);
        Assert.Contains("MicroMessenger/8.0.47", curl, StringComparison.Ordinal);
        Assert.DoesNotContain(token, curl, StringComparison.Ordinal);
        Assert.Contains("await app.InvokeAsync(\"auths.loginTypes.MyWechatLogin\", \"isWechatBrowser\", new JsonObject",
            await page.Locator("#run-isWechatBrowser-csharp").TextContentAsync(), StringComparison.Ordinal);

        // The browser checks what the server would refuse before sending anything: a required JSON argument.
        var calls = CountElementCalls(page, host);
        await GoAsync(page, "#/elements/models.Todo");
        await page.ClickAsync("button[data-run=create]");
        await page.ClickAsync("#run-create-form button[type=submit]");
        await page.Locator("#run-create-invalid").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal("required", await page.Locator("#run-create-arg-rowData-error").TextContentAsync());
        await page.FillAsync("#run-create-arg-rowData", "{\"title\": ");
        await page.ClickAsync("#run-create-form button[type=submit]");
        Assert.StartsWith("not valid JSON", await page.Locator("#run-create-arg-rowData-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(calls);
        await page.FillAsync("#run-create-arg-rowData", $"{{\"title\": \"from the console\", \"userId\": {admin.UserId}}}");
        await page.ClickAsync("#run-create-form button[type=submit]");
        await page.Locator("#run-create-json").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Contains("from the console", await page.Locator("#run-create-json").TextContentAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "element");

        // Run as a plain user (X-Elements-Act-As): making an administrator is refused, with the problem's code.
        await GoAsync(page, "#/elements/roles.services.RoleSvc");
        await page.ClickAsync("button[data-run=addMember]");
        await page.FillAsync("#run-addMember-arg-userId", plain.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#run-addMember-arg-roleName", "roles.Admin");
        await page.FillAsync("#run-addMember-act-as", plain.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#run-addMember-form button[type=submit]");
        var problem = page.Locator("#run-addMember-problem");
        await problem.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal("alert", await problem.GetAttributeAsync("role"));
        Assert.Equal("EL_FORBIDDEN", await problem.Locator(".problem-code").TextContentAsync());
        Assert.Contains("X-Elements-Act-As", await page.Locator("#run-addMember-curl").TextContentAsync(), StringComparison.Ordinal);
        await caller.ForbiddenAsync("roles/services/RoleSvc/addMember", new JsonObject { ["userId"] = plain.UserId, ["roleName"] = "roles.Admin" }, plain.Token);

        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);

        // Signing out forgets the token and revokes the session.
        await page.ClickAsync("#sign-out");
        await ReadyAsync(page, "signin");
        Assert.Null(await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{TokenKey}')"));
        Assert.Null(await caller.CallOkAsync("auths/services/AuthSvc/getCurrentUser", new JsonObject { ["token"] = token }));
        watch.AssertClean(allowFailedRequests: true);
    }

    [Fact]
    public async Task Models_page_filters_with_a_Q_string_sorts_creates_deletes_and_points_at_a_bad_filters_error()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var caller = new HostileCaller(host);
        var admin = await caller.SignUpAdminAsync("ada");
        foreach (var (title, done) in new[] { ("buy milk", false), ("write tests", true), ("answer mail", false) })
        {
            await caller.App.InvokeAsync("models.Todo", "create",
                new JsonObject { ["rowData"] = new JsonObject { ["title"] = title, ["done"] = done, ["userId"] = admin.UserId } });
        }

        var (page, watch) = await SignedInAsync(host, admin.Token, "#/models/models.Todo");
        await ReadyAsync(page, "models");
        await page.Locator("#rows-status", new() { HasText = "3 rows" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });

        await page.FillAsync("#q-filter", "Q(done=True)");
        await page.ClickAsync("#q-form button[type=submit]");
        await page.Locator("#rows-status", new() { HasText = "1 row matching" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal(["write tests"], await page.Locator("#rows td[data-field=title]").AllTextContentsAsync());

        // Sorting by a column header: ascending, then descending.
        await page.FillAsync("#q-filter", "Q(done=False)");
        await page.ClickAsync("#q-form button[type=submit]");
        await page.Locator("#rows-status", new() { HasText = "2 rows matching" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        await page.ClickAsync("button[data-sort=title]");
        await page.Locator("th[aria-sort=ascending] button[data-sort=title]").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal(["answer mail", "buy milk"], await page.Locator("#rows td[data-field=title]").AllTextContentsAsync());
        await page.ClickAsync("button[data-sort=title]");
        await page.Locator("th[aria-sort=descending] button[data-sort=title]").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal(["buy milk", "answer mail"], await page.Locator("#rows td[data-field=title]").AllTextContentsAsync());

        // A filter that does not parse: its code and a caret under the position the parser gave.
        await page.FillAsync("#q-filter", "Q(done=False) & Q(title=");
        await page.ClickAsync("#q-form button[type=submit]");
        var error = page.Locator("#q-error");
        await error.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal("alert", await error.GetAttributeAsync("role"));
        Assert.Equal("DB_BAD_FILTER", await error.Locator(".problem-code").TextContentAsync());
        var position = int.Parse((await page.Locator("#q-caret").GetAttributeAsync("data-position"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(position, "Q(done=False) & Q(".Length, "Q(done=False) & Q(title=".Length);
        var caretLines = (await page.Locator("#q-caret").TextContentAsync())!.Split('\n');
        Assert.Equal("Q(done=False) & Q(title=", caretLines[0]);
        Assert.Equal(position, caretLines[1].IndexOf('^', StringComparison.Ordinal));
        Assert.Equal("true", await page.Locator("#q-filter").GetAttributeAsync("aria-invalid"));

        // Create a row from the form (through the element API), see it, delete it.
        await page.FillAsync("#q-filter", "");
        await page.ClickAsync("#q-form button[type=submit]");
        await page.Locator("#rows-status", new() { HasText = "3 rows" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.True(await page.Locator("#q-error").IsHiddenAsync());
        await page.ClickAsync("#new-row");
        await page.FillAsync("#row-title", "added in the console");
        await page.FillAsync("#row-userId", admin.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#row-form button[type=submit]");
        await page.Locator("#rows-status", new() { HasText = "4 rows" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Contains("added in the console", await page.Locator("#rows td[data-field=title]").AllTextContentsAsync());
        await ScreenshotAsync(page, "models");

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        var added = page.Locator("#rows tr", new() { HasText = "added in the console" });
        await added.Locator("button", new() { HasText = "Delete" }).ClickAsync();
        await page.Locator("#rows-status", new() { HasText = "3 rows" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        var left = await caller.App.InvokeAsync("models.Todo", "query", new JsonObject { ["filter"] = "Q(title='added in the console')" });
        Assert.Equal(0, (long)left!["totalCount"]!);
        watch.AssertClean(allowFailedRequests: true);
    }

    [Fact]
    public async Task Health_shows_a_broken_e_json_live_and_drops_it_once_fixed()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(new Dictionary<string, string?> { ["Elements:Watch"] = "true" });
        var caller = new HostileCaller(host);
        var admin = await caller.SignUpAdminAsync("ada");
        var (page, watch) = await SignedInAsync(host, admin.Token, "#/health");
        await ReadyAsync(page, "health");
        await page.Locator("main .page[data-live=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.True(await page.Locator("#no-failed-reload").IsVisibleAsync());

        var file = Path.Combine(copy.Root, "messages", "MyCustomService", "e.json");
        var good = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, """{ "title": "Customer service messages", "type": "messages.WechatCustomType" """);
        // No reload of the page: the event stream brings the failed reload's diagnostics.
        var diagnostic = page.Locator("#failed-diagnostics li", new() { HasText = "MyCustomService" });
        await diagnostic.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Matches(DiagnosticLine(), (await diagnostic.TextContentAsync())!);
        await ScreenshotAsync(page, "health");

        await File.WriteAllTextAsync(file, good);
        await page.Locator("#no-failed-reload").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal(0, await page.Locator("#failed-diagnostics li").CountAsync());
        watch.AssertClean();
    }

    [Fact]
    public async Task An_anonymous_visitor_and_a_plain_user_see_no_data_and_every_console_api_call_they_make_is_refused()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var caller = new HostileCaller(host);
        var plain = await caller.SignUpAsync("bob");

        foreach (var (token, status, name) in new[] { ((string?)null, 401, "anonymous"), (plain.Token, 403, "plain user") })
        {
            foreach (var route in new[] { "#/elements", "#/elements/models.Todo", "#/models/models.Todo", "#/health" })
            {
                var (page, watch) = token is null ? await OpenAsync(host, "console/" + route) : await SignedInAsync(host, token, route);
                await page.Locator("#not-allowed").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
                Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#not-allowed").GetAttributeAsync("data-status"));
                var text = await page.Locator("main").InnerTextAsync();
                Assert.Contains("Not allowed", text, StringComparison.Ordinal);
                Assert.DoesNotContain("models.Todo", text.Replace("#/models/models.Todo", "", StringComparison.Ordinal), StringComparison.Ordinal);
                var answers = watch.ConsoleApiAnswers.Where(a => !a.Url.Contains("/console/api/signin-options", StringComparison.Ordinal)).ToList();
                Assert.NotEmpty(answers);
                Assert.All(answers, a => Assert.True(a.Status == status, $"{name} {route}: {a.Url} answered {a.Status}"));
                Assert.Empty(watch.CspViolations);
                Assert.Empty(watch.PageErrors);
            }
        }
    }

    [Fact]
    public async Task A_console_viewer_reads_every_page_but_gets_no_run_form_and_no_row_editing()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var caller = new HostileCaller(host);
        var viewer = await caller.SignUpAsync("vera");
        await caller.App.InvokeAsync("roles.services.RoleSvc", "addMember", new JsonObject { ["userId"] = viewer.UserId, ["roleName"] = "roles.ConsoleViewer" });
        await caller.App.InvokeAsync("models.Todo", "create", new JsonObject { ["rowData"] = new JsonObject { ["title"] = "seen by vera", ["userId"] = viewer.UserId } });

        var (page, watch) = await SignedInAsync(host, viewer.Token, "#/elements/models.Todo");
        await ReadyAsync(page, "elements");
        Assert.Contains("viewer", await page.Locator("#user-name").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#fn-query").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("button[data-run]").CountAsync());
        Assert.Contains("Read-only", await page.Locator("#fn-query").TextContentAsync(), StringComparison.Ordinal);

        await GoAsync(page, "#/models/models.Todo");
        await page.Locator("#rows-status", new() { HasText = "1 row" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal(["seen by vera"], await page.Locator("#rows td[data-field=title]").AllTextContentsAsync());
        Assert.Equal(0, await page.Locator("#new-row, #rows button:text('Edit'), #rows button:text('Delete')").CountAsync());

        await GoAsync(page, "#/health");
        await GoAsync(page, "#/permissions");
        await GoAsync(page, "#/tasks");
        watch.AssertClean();
    }

    [Fact]
    public async Task Pages_fit_a_phone_width_and_the_skip_link_comes_first()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var admin = await new HostileCaller(host).SignUpAdminAsync("ada");
        var (page, watch) = await SignedInAsync(host, admin.Token, "#/elements");
        await ReadyAsync(page, "elements");

        await page.SetViewportSizeAsync(390, 844);
        foreach (var route in new[] { "#/elements", "#/elements/models.Todo", "#/models/models.Todo", "#/health" })
        {
            await GoAsync(page, route);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{route} is {width}px wide at a 390px viewport");
        }

        // The skip link is the first stop of the keyboard and moves focus to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        watch.AssertClean();
    }

    [Fact]
    public async Task Arrow_keys_move_through_the_element_tree_and_open_and_close_its_folders()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var admin = await new HostileCaller(host).SignUpAdminAsync("ada");
        var (page, watch) = await SignedInAsync(host, admin.Token, "#/elements");
        await ReadyAsync(page, "elements");
        const string First = "document.querySelector('#element-tree summary')";
        async Task<bool> Is(string script) => await page.EvaluateAsync<bool>($"() => {script}");

        await page.Locator("#element-tree summary").First.FocusAsync();
        Assert.True(await Is($"{First}.parentElement.open"), "top-level folders start open");

        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.True(await Is($"!{First}.parentElement.open && document.activeElement === {First}"), "Left closes the folder and stays on it");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await Is($"document.activeElement !== {First} && !{First}.parentElement.contains(document.activeElement)"),
            "Down from a closed folder skips its hidden items");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.True(await Is($"{First}.parentElement.open && document.activeElement === {First}"), "Right opens the folder and stays on it");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.True(await Is($"document.activeElement !== {First} && {First}.parentElement.contains(document.activeElement)"),
            "Right on an open folder goes to its first item");
        await page.Keyboard.PressAsync("ArrowLeft");
        if (!await Is($"document.activeElement === {First}"))
        {
            // The first item was an open folder: Left closed it; a second Left goes up.
            await page.Keyboard.PressAsync("ArrowLeft");
        }

        Assert.True(await Is($"document.activeElement === {First}"), "Left from an item goes up to its folder");
        await page.Keyboard.PressAsync("End");
        var last = await page.EvaluateAsync<string>("() => document.activeElement.textContent");
        Assert.True(await Is($"document.activeElement !== {First} && document.getElementById('element-tree').contains(document.activeElement)"), "End moves within the tree");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal(last, await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Home");
        Assert.True(await Is($"document.activeElement === {First}"), "Home goes to the first item");
        watch.AssertClean();
    }

    [Fact]
    public async Task Health_draws_the_hosts_meters_and_permissions_and_tasks_render_filterable()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var caller = new HostileCaller(host);
        var admin = await caller.SignUpAdminAsync("ada");
        var plain = await caller.SignUpAsync("bob");
        var (page, watch) = await SignedInAsync(host, admin.Token, "#/health");
        await ReadyAsync(page, "health");
        await page.Locator("#chart-logins svg").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        // Two sign-ups logged in once each: the login meter counted them.
        var logins = LoginTotal().Match((await page.Locator("#chart-logins figcaption").TextContentAsync())!);
        Assert.True(logins.Success && int.Parse(logins.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2,
            $"logins not counted: {await page.Locator("#chart-logins figcaption").TextContentAsync()}");
        // Charts carry their figures as text for screen readers; a meter with nothing yet says so instead of drawing.
        Assert.Matches(ElementApiCallsLabel(), (await page.Locator("#chart-calls svg[role=img]").GetAttributeAsync("aria-label"))!);
        Assert.Contains("No data yet", await page.Locator("#chart-wechat-calls").TextContentAsync(), StringComparison.Ordinal);

        await GoAsync(page, "#/permissions");
        await page.FillAsync("#perm-filter", "models.Todo.query");
        await page.Locator("#perm-count", new() { HasText = "1 of" }).WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        // models.Todo is open to every session (roles.TodoUsers applies to all of them), not to anonymous callers.
        Assert.Equal(["models.Todo.query", "no", "yes"], (await page.Locator("#perm-table tbody tr td").AllTextContentsAsync()).Take(3));
        await page.FillAsync("#perm-filter", "");
        await page.SelectOptionAsync("#perm-role", "(anonymous)");
        Assert.Contains("auths.loginTypes.Passwords.getLoginCode", await page.Locator("#perm-table tbody").TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("models.Todo.query", await page.Locator("#perm-table tbody").TextContentAsync(), StringComparison.Ordinal);

        await GoAsync(page, "#/tasks");
        await page.Locator("[data-task='tasks.TodoDigest']").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.NotEmpty(await page.Locator("[data-task='tasks.TodoDigest'] time").AllTextContentsAsync());
        Assert.Contains("This app declares no event.", await page.Locator("#events").TextContentAsync(), StringComparison.Ordinal);

        // A plain user gets neither.
        var (refused, refusedWatch) = await SignedInAsync(host, plain.Token, "#/permissions");
        await refused.Locator("#not-allowed[data-status='403']").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        await GoAsync(refused, "#/tasks", "refused");
        Assert.All(refusedWatch.ConsoleApiAnswers.Where(a => !a.Url.Contains("signin-options", StringComparison.Ordinal)), a => Assert.Equal(403, a.Status));
        watch.AssertClean();
        refusedWatch.AssertClean(allowFailedRequests: true);
    }

    /// <summary>A fresh browser context on <paramref name="path"/> (relative to the host), with its watchers.</summary>
    private async Task<(IPage Page, PageWatch Watch)> OpenAsync(TestHost host, string path)
    {
        var context = await browser.NewWeChatContextAsync();
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        var watch = new PageWatch(page, host);
        await page.GotoAsync(path.StartsWith("http", StringComparison.Ordinal) ? path : new Uri(host.BaseUri, path).AbsoluteUri);
        return (page, watch);
    }

    /// <summary>A page whose tab holds <paramref name="token"/> as the console's session (as after a sign-in), on
    /// <paramref name="route"/>.</summary>
    private async Task<(IPage Page, PageWatch Watch)> SignedInAsync(TestHost host, string token, string route)
    {
        var (page, watch) = await OpenAsync(host, "console/favicon.svg");
        await page.EvaluateAsync("([key, token]) => sessionStorage.setItem(key, token)", new[] { TokenKey, token });
        await page.GotoAsync(new Uri(host.BaseUri, "console/" + route).AbsoluteUri);
        return (page, watch);
    }

    private static async Task GoAsync(IPage page, string route, string state = "ready")
    {
        await page.EvaluateAsync("route => { location.hash = route; }", route);
        var name = route.TrimStart('#', '/').Split('/')[0];
        await ReadyAsync(page, name, state);
    }

    /// <summary>Waits until the router has drawn <paramref name="name"/> (<paramref name="state"/> "refused": shown
    /// "not allowed").</summary>
    private static async Task ReadyAsync(IPage page, string name, string state = "ready")
    {
        try
        {
            await page.Locator($"main[data-page={name}][data-state={state}]").WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        }
        catch (TimeoutException ex)
        {
            var text = await page.Locator("main").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            throw new TimeoutException($"the console never drew {name}; at {page.Url} it shows: {text[..Math.Min(text.Length, 500)]}", ex);
        }
    }

    private static List<string> CountElementCalls(IPage page, TestHost host)
    {
        var calls = new List<string>();
        var api = new Uri(host.BaseUri, "api/").AbsoluteUri;
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(api, StringComparison.Ordinal))
            {
                lock (calls)
                {
                    calls.Add(request.Url);
                }
            }
        };
        return calls;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (!UpdateScreenshots)
        {
            return;
        }

        var folder = Path.Combine(SampleApp.RepositoryRoot, "docs", "console");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }

    /// <summary>What a page did that it must not: CSP refusals, script errors, requests outside the host; and the
    /// console API's answers it got.</summary>
    private sealed class PageWatch
    {
        private readonly List<string> _outside = [];
        private readonly List<string> _failed = [];

        public PageWatch(IPage page, TestHost host)
        {
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    lock (CspViolations)
                    {
                        CspViolations.Add(message.Text);
                    }
                }
                else if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                {
                    lock (_failed)
                    {
                        _failed.Add(message.Text);
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (PageErrors)
                {
                    PageErrors.Add(error);
                }
            };
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(host.BaseUri.AbsoluteUri, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                {
                    lock (_outside)
                    {
                        _outside.Add(request.Url);
                    }
                }
            };
            page.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    lock (_failed)
                    {
                        _failed.Add($"{response.Status} {response.Url}");
                    }
                }

                if (response.Url.StartsWith(new Uri(host.BaseUri, "console/api/").AbsoluteUri, StringComparison.Ordinal))
                {
                    lock (ConsoleApiAnswers)
                    {
                        ConsoleApiAnswers.Add((response.Url, response.Status));
                    }
                }
            };
        }

        public List<string> CspViolations { get; } = [];

        public List<string> PageErrors { get; } = [];

        public List<(string Url, int Status)> ConsoleApiAnswers { get; } = [];

        /// <summary>No CSP violation, script error or outside request, and (unless the test provokes them) no
        /// refused request or console error.</summary>
        public void AssertClean(bool allowFailedRequests = false)
        {
            Assert.Empty(CspViolations);
            Assert.Empty(PageErrors);
            Assert.Empty(_outside);
            if (!allowFailedRequests)
            {
                Assert.Empty(_failed);
            }
        }
    }

    [GeneratedRegex(@"Console\s+(http\S+/console/#signin=\S+)")]
    private static partial Regex ConsoleLink();

    [GeneratedRegex(@"^Element API calls: calls: [1-9]\d*, errors: \d+$")]
    private static partial Regex ElementApiCallsLabel();

    [GeneratedRegex(@"Logins per minute \(total (\d+)\)")]
    private static partial Regex LoginTotal();

    [GeneratedRegex(@"MyCustomService[/\\]e\.json\(\d+,\d+\): error EL\d{4}: ")]
    private static partial Regex DiagnosticLine();
}
