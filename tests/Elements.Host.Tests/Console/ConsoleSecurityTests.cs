using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Host.Tests.Console;

/// <summary>
/// The console's two security additions to the element API, over real HTTP on the sample app: an administrator's
/// <c>X-Elements-Act-As</c> runs a call exactly as another user (their roles, their rows, their userId rule) and is
/// refused to everyone else; a cross-origin request that changes something is refused on both APIs.
/// </summary>
public sealed class ConsoleSecurityTests
{
    private const string Todos = "models/Todo/";
    private const string Permissions = "roles/services/RoleSvc/getMyPermissions";

    [Fact]
    public async Task An_admin_acting_as_a_user_gets_that_users_rows_and_permissions_and_nobody_else_may_send_the_header()
    {
        var logs = new CapturingLoggerProvider();
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(null, services => services.AddSingleton<ILoggerProvider>(logs));
        var session = new ConsoleSession(host);
        var caller = session.Caller;
        var (alice, aliceToken) = await session.PlainAsync("alice");
        var (bob, bobToken) = await session.PlainAsync("bob");
        var (admin, adminToken) = await session.AdminAsync("root");
        await caller.CallOkAsync(Todos + "create", new JsonObject { ["rowData"] = new JsonObject { ["title"] = "alice's" } }, aliceToken);
        await caller.CallOkAsync(Todos + "create", new JsonObject { ["rowData"] = new JsonObject { ["title"] = "bob's" } }, bobToken);

        Assert.Equal(2L, (long)(await CallAsync(host, Todos + "query", [], adminToken, null, HttpStatusCode.OK))["totalCount"]!);
        var asAlice = await CallAsync(host, Todos + "query", [], adminToken, alice, HttpStatusCode.OK);
        Assert.Equal(1L, (long)asAlice["totalCount"]!);
        Assert.Equal("alice's", (string?)asAlice["rowDatas"]![0]!["title"]);
        var permissions = await CallAsync(host, Permissions, [], adminToken, alice, HttpStatusCode.OK);
        Assert.Equal(alice, (long)permissions["userId"]!);
        Assert.DoesNotContain("roles.Admin", permissions["roles"]!.AsArray().Select(r => (string?)r));
        // Alice's userId rule applies: acting as her, the admin cannot name Bob.
        await CallAsync(host, "roles/services/RoleSvc/getUserRoles", new JsonObject { ["userId"] = bob }, adminToken, alice, HttpStatusCode.Forbidden);

        // Everyone else: refused, not served as themselves.
        await CallAsync(host, Todos + "query", [], bobToken, alice, HttpStatusCode.Forbidden);
        await CallAsync(host, Todos + "query", [], null, alice, HttpStatusCode.Forbidden);
        await CallAsync(host, Todos + "query", [], adminToken, 999_999, HttpStatusCode.Forbidden);
        using (var notANumber = await SendAsync(host, Todos + "query", [], adminToken, "alice"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notANumber.StatusCode);
        }

        Assert.Contains(logs.Entries, e => e.Contains($"Administrator {admin} called models.Todo.query as user {alice}", StringComparison.Ordinal));
        Assert.DoesNotContain(adminToken, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_origin_request_that_changes_something_is_refused_on_the_element_and_console_apis()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var session = new ConsoleSession(host);
        var (_, token) = await session.PlainAsync("alice");
        var own = host.BaseUri.GetLeftPart(UriPartial.Authority);

        foreach (var origin in new[] { "https://evil.example", "null", own.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) })
        {
            using var element = await SendAsync(host, Permissions, [], token, null, origin);
            Assert.Equal(HttpStatusCode.Forbidden, element.StatusCode);
            Assert.Equal("EL_CROSS_ORIGIN", (string?)(await TestHost.ReadProblemAsync(element))["code"]);
            using var console = await Post(host, "console/api/sandbox-signin", JsonContent.Create(new { code = session.BannerCode() }), origin);
            Assert.Equal(HttpStatusCode.Forbidden, console.StatusCode);
            Assert.Equal("EL_CROSS_ORIGIN", (string?)(await TestHost.ReadProblemAsync(console))["code"]);
        }

        using (var sameOrigin = await SendAsync(host, Permissions, [], token, null, own))
        {
            Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        }

        using (var noOrigin = await SendAsync(host, Permissions, [], token, null))
        {
            Assert.Equal(HttpStatusCode.OK, noOrigin.StatusCode);
        }

        // The refused sign-ins above did not spend the link: the same-origin one does.
        using var signIn = await Post(host, "console/api/sandbox-signin", JsonContent.Create(new { code = session.BannerCode() }), own);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        // GET stays open cross-origin (it changes nothing; the browser keeps the answer from the other site).
        using var page = await Get(host, "console/", "https://evil.example");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task<JsonNode> CallAsync(TestHost host, string path, JsonObject args, string? token, long? actAs, HttpStatusCode expected)
    {
        using var response = await SendAsync(host, path, args, token, actAs?.ToString(CultureInfo.InvariantCulture));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path} as {actAs}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static Task<HttpResponseMessage> SendAsync(TestHost host, string path, JsonObject args, string? token, string? actAs, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/demo/SampleApp/" + path) { Content = JsonContent.Create(args) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (actAs is not null)
        {
            request.Headers.Add("X-Elements-Act-As", actAs);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return host.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Post(TestHost host, string path, HttpContent content, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return host.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Get(TestHost host, string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return host.Http.SendAsync(request);
    }
}
