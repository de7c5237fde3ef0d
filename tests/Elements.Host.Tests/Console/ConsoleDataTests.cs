using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Std.Roles;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests.Console;

/// <summary>
/// What the console's health, permissions, tasks and model pages read, on the sample app over real HTTP: meters after
/// a Mini Program login through the sandbox, the permission matrix, the scheduled tasks, and a Q filter error's position.
/// </summary>
public sealed class ConsoleDataTests
{
    private const string MiniApp = "wx0000000000demo03";
    private const string Mini = "api/demo/SampleApp/auths/loginTypes/myWeChatMiniLogin/";
    private const string AuthSvc = "api/demo/SampleApp/auths/services/AuthSvc/";

    [Fact]
    public async Task Metrics_count_the_jscode2session_calls_and_the_login_of_a_mini_program_sign_in()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var session = new ConsoleSession(host);
        var (_, viewer) = await session.ViewerAsync();
        var before = await session.GetOkAsync("console/api/metrics", viewer);
        var loginsBefore = (long)before["logins"]!["count"]!;

        var bind = await CallAsync(host, Mini + "getLoginCode", new JsonObject { ["code"] = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "alice")).Code });
        await CallAsync(host, Mini + "register", new JsonObject { ["bindCode"] = (string)bind["bindCode"]! });
        var login = await CallAsync(host, Mini + "getLoginCode", new JsonObject { ["code"] = (await host.Sandbox.MintLoginCodeAsync(MiniApp, "alice")).Code });
        await CallAsync(host, AuthSvc + "login", new JsonObject { ["loginCode"] = (string)login["loginCode"]! });
        using (await host.PostAsync(Mini + "getLoginCode", JsonContent.Create(new { code = "not-a-code" })))
        {
        }

        var metrics = await session.GetOkAsync("console/api/metrics", viewer);
        var jscode = metrics["wechat"]!.AsArray().Single(a => (string?)a!["api"] == "sns/jscode2session")!;
        Assert.True((long)jscode["calls"]! >= 3, jscode.ToJsonString());
        Assert.Contains(jscode["errors"]!.AsArray(), e => (long)e!["errcode"]! == 40029);
        var logins = metrics["logins"]!;
        Assert.Equal(loginsBefore + 1, (long)logins["count"]!);
        Assert.NotNull(logins["p95Ms"]);
        var recent = logins["recent"]!.AsArray();
        Assert.Equal(30, recent.Count);
        Assert.Equal(loginsBefore + 1, recent.Sum(m => (long)m!["count"]!));
        Assert.NotNull(recent[^1]!["p95Ms"] ?? recent[^2]!["p95Ms"]);
        Assert.True((long)metrics["calls"]!["count"]! >= 5);
        Assert.True((long)metrics["calls"]!["errors"]! >= 1);
    }

    [Fact]
    public async Task Permissions_are_the_cli_matrix_and_tasks_list_the_apps_schedule()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var session = new ConsoleSession(host);
        var (_, admin) = await session.AdminAsync();

        var served = await session.GetOkAsync("console/api/permissions", admin);
        var matrix = FunctionPermission.ToJson(host.Services.GetRequiredService<ElementAuthorizer>().GetMatrix());
        Assert.True(JsonNode.DeepEquals(matrix, served));
        Assert.Contains(served.AsArray(), p => (string?)p!["function"] == "auths.services.AuthSvc.login" && (bool)p["anonymous"]!);

        var tasks = (await session.GetOkAsync("console/api/tasks", admin))["tasks"]!.AsArray();
        var digest = tasks.Single(t => (string?)t!["fullName"] == "tasks.TodoDigest")!;
        Assert.True((bool)digest["enabled"]!);
        var next = digest["nextRuns"]!.AsArray().Select(n => DateTimeOffset.Parse((string)n!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, next.Count);
        Assert.True(next.SequenceEqual(next.Order()) && next[0] > DateTimeOffset.UtcNow.AddSeconds(-5));
        // Working days at 08:00 Asia/Shanghai: never a weekend there.
        Assert.All(next, n => Assert.True(n.ToOffset(TimeSpan.FromHours(8)) is { Hour: 8, DayOfWeek: not (DayOfWeek.Saturday or DayOfWeek.Sunday) }));
        Assert.Empty(digest["history"]!.AsArray());
    }

    [Fact]
    public async Task Events_list_their_elements_and_show_a_failing_async_run_with_its_error_but_never_its_payload()
    {
        using var copy = SampleAppCopy.Create();
        // An asynchronous model event whose handler cannot succeed: login without a loginCode.
        var folder = Directory.CreateDirectory(Path.Combine(copy.Root, "events", "TodoAudit")).FullName;
        File.WriteAllText(Path.Combine(folder, "e.json"), """
            {"title": "Todo audit", "type": "events.ModelType", "sender": "models.Todo", "operate": "AddAfter",
             "funcType": "Global", "func": "auths.services.AuthSvc.login", "asyncType": true}
            """);
        await using var host = await copy.StartAsync();
        var session = new ConsoleSession(host);
        var (_, admin) = await session.AdminAsync();
        var (_, viewer) = await session.ViewerAsync();

        const string Secretish = "payload-only-title-7f3a";
        using var created = await session.SendAsync(HttpMethod.Post, "api/demo/SampleApp/models/Todo/create", admin,
            JsonContent.Create(new { rowData = new { title = Secretish } }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        JsonNode events = new JsonObject();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            events = await session.GetOkAsync("console/api/events", viewer);
            if (events["runs"]!.AsArray().FirstOrDefault() is { } run && run["errorCode"] is not null)
            {
                break;
            }

            await Task.Delay(250);
        }

        var audit = events["events"]!.AsArray().Single(e => (string?)e!["fullName"] == "events.TodoAudit")!;
        Assert.Equal("models.Todo", (string?)audit["sender"]);
        Assert.True((bool)audit["async"]! && (bool)audit["enabled"]!);
        var failed = events["runs"]!.AsArray().Single()!;
        Assert.Equal("events.TodoAudit", (string?)failed["event"]);
        Assert.True((int)failed["attempts"]! >= 1);
        Assert.False(string.IsNullOrEmpty((string?)failed["errorCode"]));
        Assert.Contains((string?)failed["status"], new[] { "pending", "failed" });
        Assert.DoesNotContain(Secretish, events.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_q_filter_that_does_not_parse_answers_its_position()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var (_, admin) = await new ConsoleSession(host).AdminAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/demo/SampleApp/models/Todo/query")
        {
            Content = JsonContent.Create(new { filter = "Q(title='a') & Q(" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await host.Http.SendAsync(request);
        var problem = await TestHost.ReadProblemAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("DB_BAD_FILTER", (string?)problem["code"]);
        Assert.Equal(JsonValueKind.Number, problem["position"]!.GetValueKind());
        Assert.InRange((int)problem["position"]!, 13, 17);
    }

    private static async Task<JsonObject> CallAsync(TestHost host, string path, JsonObject args)
    {
        using var response = await host.PostAsync(path, JsonContent.Create(args));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
