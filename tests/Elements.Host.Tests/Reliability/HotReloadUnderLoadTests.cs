using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Hosting;
using Elements.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

/// <summary>
/// Issue #9, hot reload under load: the sample app served with <c>Elements:Watch=true</c> while clients call element
/// functions without pause; an element folder is added, an element's config changed, its e.json broken and then fixed.
/// No request may fail because of a swap, the broken edit must leave the previous registry serving (and say so), and
/// every good edit must be picked up.
/// </summary>
public abstract class HotReloadUnderLoadTests(ITestOutputHelper output)
{
    private const int Clients = 24;
    private const string Api = "api/demo/SampleApp/";
    private const string TodoQuery = Api + "models/Todo/query";
    private const string NoteQuery = Api + "models/Note/query";
    private const string LoginConfig = Api + "auths/loginTypes/myWeChatMiniLogin/getLoginConfig";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _noteServed;

    private protected abstract AccountDatabase Database { get; }

    [Fact]
    public async Task Elements_added_changed_broken_and_fixed_while_traffic_runs_fail_no_request()
    {
        using var copy = SampleAppCopy.Create();
        await Database.PrepareAsync(copy);
        try
        {
            await RunAsync(copy);
        }
        finally
        {
            await Database.CleanupAsync();
        }
    }

    private async Task RunAsync(SampleAppCopy copy)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await copy.StartAsync(
            TestHost.LoadSettings(new Dictionary<string, string?> { ["Elements:Watch"] = "true" }),
            services => services.AddSingleton<ILoggerProvider>(logs));
        var app = host.Services.GetRequiredService<ElementApp>();
        var reloads = new ConcurrentQueue<ElementsReloadedEventArgs>();
        app.Reloaded += (_, e) => reloads.Enqueue(e);
        var token = await LogInAsync(host);
        var miniLogin = Path.Combine(copy.Root, "auths", "loginTypes", "myWeChatMiniLogin", "e.json");
        var original = JsonNode.Parse(await File.ReadAllTextAsync(miniLogin))!.AsObject();

        using var stop = new CancellationTokenSource();
        var traffic = Enumerable.Range(0, Clients).Select(client => Task.Run(() => ClientAsync(host, token, client, stop.Token))).ToArray();
        await EventuallyAsync(() => Task.FromResult(_samples.Count >= 200), "the traffic to get going");

        // 1. A new element folder, and a role opening it to sessions (new elements are closed until a role opens
        // them): served once the watcher has reloaded.
        var generation = app.Generation;
        Directory.CreateDirectory(Path.Combine(copy.Root, "roles", "NoteUsers"));
        await File.WriteAllTextAsync(Path.Combine(copy.Root, "roles", "NoteUsers", "e.json"), """
            { "title": "Note users", "type": "roles.NormalType", "appliesTo": "authenticated", "apiPerm": { "models.Note.*": "allow" } }
            """);
        Directory.CreateDirectory(Path.Combine(copy.Root, "models", "Note"));
        await File.WriteAllTextAsync(Path.Combine(copy.Root, "models", "Note", "e.json"), """
            {
              "title": "Note",
              "type": "models.NormalType",
              "fields": [
                { "name": "id", "title": "Id", "dataType": "AutoInt", "primaryKey": true },
                { "name": "text", "title": "Text", "dataType": "Stext", "maxLen": 200 }
              ]
            }
            """);
        await EventuallyAsync(async () =>
        {
            using var response = await PostAsync(host, NoteQuery, token);
            return response.IsSuccessStatusCode;
        }, "the new models.Note to be served");
        Assert.True(app.Generation > generation);
        _noteServed = true;

        // 2. A changed config, several times over: each new title is served.
        for (var round = 1; round <= 2; round++)
        {
            var title = round == 2 ? "Mini login v2" : $"Mini login v1.{round}";
            await WriteAsync(miniLogin, original, title);
            await EventuallyAsync(async () => await TitleAsync(host) == title, $"title '{title}' to be served");
        }

        // 2b. A model in use gains a field: its table is altered under traffic, and the field works.
        var todo = Path.Combine(copy.Root, "models", "Todo", "e.json");
        var todoJson = JsonNode.Parse(await File.ReadAllTextAsync(todo))!.AsObject();
        todoJson["fields"]!.AsArray().Add(new JsonObject { ["name"] = "priority", ["title"] = "Priority", ["dataType"] = "Integer" });
        await File.WriteAllTextAsync(todo, todoJson.ToJsonString());
        await EventuallyAsync(async () =>
        {
            using var response = await PostAsync(host, Api + "models/Todo/create", token,
                args: new JsonObject { ["rowData"] = new JsonObject { ["title"] = "urgent", ["priority"] = 1 } });
            return response.IsSuccessStatusCode;
        }, "models.Todo's new field to be writable");

        // 3. Broken edits, one after the other: a business config that fails validation, an unknown type, a syntax
        // error. Each reload fails, is reported, and the previous registry keeps serving.
        generation = app.Generation;
        var brokenAt = _clock.Elapsed;
        var businessConfig = Path.Combine(copy.Root, "auths", "loginTypes", "myWeChatMiniLogin", "myWeChatMiniLogin.json");
        var goodBusinessConfig = await File.ReadAllTextAsync(businessConfig);
        var goodTodo = await File.ReadAllTextAsync(todo);
        var breaks = new (string File, string Content, string Diagnostic)[]
        {
            (businessConfig, """{ "authConfig": { "appId": "" } }""", "authConfig.appId is required"),
            (todo, """{ "title": "Todo", "type": "models.NoSuchType" }""", "models.NoSuchType"),
            (miniLogin, """{ "type": "auths.loginTypes.WeChatMiniType", "title": "Mini login v3" """, "myWeChatMiniLogin/e.json"),
        };
        foreach (var (file, content, diagnostic) in breaks)
        {
            var failedBefore = reloads.Count(r => !r.Succeeded);
            await File.WriteAllTextAsync(file, content);
            await EventuallyAsync(() => Task.FromResult(reloads.Count(r => !r.Succeeded) > failedBefore), $"the broken edit ({diagnostic}) to be reported");
            var failed = reloads.Last(r => !r.Succeeded);
            Assert.Contains(failed.Diagnostics, d => d.ToString().Contains(diagnostic, StringComparison.Ordinal));
            Assert.Equal(generation, app.Generation);
            Assert.Equal("Mini login v2", await TitleAsync(host));
            // A stretch of traffic on the kept registry (counted in requests, not slept).
            var before = _samples.Count;
            await EventuallyAsync(() => Task.FromResult(_samples.Count >= before + 150), "traffic on the kept registry");
        }

        Assert.Contains(logs.Entries, e => e.Contains("keeping the previous elements", StringComparison.Ordinal));
        var health = JsonNode.Parse(await host.Http.GetStringAsync("healthz"))!;
        Assert.Equal(generation, (long?)health["checks"]?["elements"]?["data"]?["generation"]);
        Assert.Equal("Degraded", (string?)health["checks"]?["elements"]?["status"]);
        Assert.Contains("myWeChatMiniLogin/e.json", health["checks"]?["elements"]?["data"]?["diagnostics"]?.ToJsonString(), StringComparison.Ordinal);
        var fixedFrom = _clock.Elapsed;

        // 4. The fixes are picked up.
        await File.WriteAllTextAsync(todo, goodTodo);
        await File.WriteAllTextAsync(businessConfig, goodBusinessConfig);
        await WriteAsync(miniLogin, original, "Mini login v4");
        await EventuallyAsync(async () => await TitleAsync(host) == "Mini login v4", "the fixed config to be served");
        Assert.True(app.Generation > generation);
        health = JsonNode.Parse(await host.Http.GetStringAsync("healthz"))!;
        Assert.Equal("Healthy", (string?)health["checks"]?["elements"]?["status"]);
        var seen = _samples.Count;
        await EventuallyAsync(() => Task.FromResult(_samples.Count >= seen + 200), "traffic after the fix");

        await stop.CancelAsync();
        await Task.WhenAll(traffic);

        var all = _samples.ToArray();
        var failures = all.Where(s => s.Status is < 200 or >= 300).ToList();
        output.WriteLine($"[{Database.Provider}] {all.Length} requests from {Clients} clients in {_clock.Elapsed.TotalSeconds:0.0} s during " +
            $"{reloads.Count(r => r.Succeeded)} reloads and {reloads.Count(r => !r.Succeeded)} failed reload(s); " +
            $"{failures.Count} failed; by function: " +
            string.Join(", ", all.GroupBy(s => s.Path[Api.Length..]).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(failures.Count == 0, $"{failures.Count} request(s) failed, e.g. " +
            string.Join("; ", failures.Take(10).Select(f => $"{f.Path} HTTP {f.Status} {f.Body}")));

        // While the broken file was on disk, the kept registry answered with the last good config.
        var whileBroken = all.Where(s => s.Path == LoginConfig && s.StartedAt > brokenAt && s.StartedAt < fixedFrom).ToList();
        Assert.NotEmpty(whileBroken);
        Assert.All(whileBroken, s => Assert.Equal("Mini login v2", s.Title));
    }

    private async Task ClientAsync(TestHost host, string token, int client, CancellationToken stop)
    {
        for (var i = client; !stop.IsCancellationRequested; i++)
        {
            var path = (i % 3) switch
            {
                0 => LoginConfig,
                1 => TodoQuery,
                _ => _noteServed ? NoteQuery : TodoQuery,
            };
            var startedAt = _clock.Elapsed;
            try
            {
                using var response = await PostAsync(host, path, token, stop);
                var body = await response.Content.ReadAsStringAsync(stop);
                var title = path == LoginConfig && response.IsSuccessStatusCode ? (string?)JsonNode.Parse(body)?["title"] : null;
                _samples.Enqueue(new Sample(path, startedAt, (int)response.StatusCode, title, response.IsSuccessStatusCode ? "" : body));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static Task<HttpResponseMessage> PostAsync(TestHost host, string path, string token, CancellationToken cancellationToken = default,
        JsonObject? args = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(args ?? new JsonObject()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Http.SendAsync(request, cancellationToken);
    }

    private static async Task<string?> TitleAsync(TestHost host)
    {
        using var response = await host.Http.PostAsJsonAsync(LoginConfig, new JsonObject());
        response.EnsureSuccessStatusCode();
        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["title"];
    }

    private static Task WriteAsync(string path, JsonObject original, string title)
    {
        var changed = original.DeepClone().AsObject();
        changed["title"] = title;
        return File.WriteAllTextAsync(path, changed.ToJsonString());
    }

    /// <summary>Demo user alice through the mini program: getLoginCode → register → getLoginCode → AuthSvc.login.</summary>
    private static async Task<string> LogInAsync(TestHost host)
    {
        async Task<JsonObject> Call(string path, JsonObject args)
        {
            using var response = await host.Http.PostAsJsonAsync(Api + path, args);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {body}");
            return JsonNode.Parse(body)!.AsObject();
        }

        async Task<JsonObject> GetLoginCode() => await Call("auths/loginTypes/myWeChatMiniLogin/getLoginCode",
            new JsonObject { ["code"] = (await host.Sandbox.MintLoginCodeAsync("wx0000000000demo03", "alice")).Code });

        var first = await GetLoginCode();
        await Call("auths/loginTypes/myWeChatMiniLogin/register", new JsonObject { ["bindCode"] = (string?)first["bindCode"] });
        var second = await GetLoginCode();
        var session = await Call("auths/services/AuthSvc/login", new JsonObject { ["loginCode"] = (string?)second["loginCode"] });
        return (string)session["token"]!;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < Deadline, $"timed out after {Deadline.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(50);
        }
    }

    private sealed record Sample(string Path, TimeSpan StartedAt, int Status, string? Title, string Body);
}
