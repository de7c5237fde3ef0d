using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Elements.Reliability.Tests.Load;

/// <summary>
/// Issue #9, "load": one host process serves <see cref="LoadSettings.Clients"/> concurrent clients for
/// <see cref="LoadSettings.Duration"/> of mixed traffic, each client looping over a random pick of
/// <list type="bullet">
/// <item>a mini-program login (wx.login in the sandbox, untimed; <c>getLoginCode</c>, then <c>AuthSvc.login</c>),</item>
/// <item>an authenticated read (<c>models.Todo.query</c> of a page, or <c>models.Todo.get</c> of one row),</item>
/// <item>an authenticated customer-service message (<c>messages.MyCustomService.sendText</c>).</item>
/// </list>
/// Every request must succeed (so: no 5xx, no transport error); the host's working set is sampled throughout.
/// </summary>
internal static class LoadScenario
{
    /// <summary>Generous: the sample host idles near 100 MiB; a leak over a minute of load would cross it.</summary>
    public const long PeakWorkingSetLimit = 1L << 30;

    public static async Task RunAsync(string database, IReadOnlyDictionary<string, string> environment, bool postgres, ITestOutputHelper output)
    {
        var settings = LoadSettings.FromEnvironment();
        await using var sandbox = await SharedSandbox.StartAsync();
        using var folder = NodeAppFolder.Create(postgres);
        var env = new Dictionary<string, string>(environment)
        {
            ["Elements__FieldProtection__Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        await using var host = await HostProcess.StartAsync("load-" + database, folder, sandbox, env, settings.Clients);
        var setupClock = Stopwatch.StartNew();
        var idle = host.Memory().WorkingSet;
        var users = await SetUpUsersAsync(sandbox, host.Api, settings);
        var todoIds = await SeedTodosAsync(host.Api, users, settings);
        var afterSetup = host.Memory().WorkingSet;
        var setupSeconds = setupClock.Elapsed.TotalSeconds;

        var log = new LatencyLog();
        double seconds;
        IReadOnlyList<(double Seconds, long WorkingSet)> samples;
        await using (var sampler = new MemorySampler(host))
        {
            var nextLogin = new int[1];
            var clock = Stopwatch.StartNew();
            // Off xunit's synchronization context (it runs continuations on as many threads as there are cores).
            await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(client => Task.Run(() =>
                ClientLoopAsync(client, sandbox, host.Api, users, nextLogin, todoIds, settings, clock, log))));
            seconds = clock.Elapsed.TotalSeconds;
            samples = sampler.Samples;
        }

        var (_, peak) = host.Memory();
        var half = seconds / 2;
        var firstHalf = samples.Where(s => s.Seconds <= half).Select(s => s.WorkingSet).DefaultIfEmpty(afterSetup).Max();
        var secondHalf = samples.Where(s => s.Seconds > half).Select(s => s.WorkingSet).DefaultIfEmpty(afterSetup).Max();
        var calls = await sandbox.Control.GetCallCountsAsync();

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Load on {database}: {settings.Clients} clients, {seconds:0.0} s of mixed traffic " +
                $"({LoadSettings.LoginPercent}% logins, {LoadSettings.ReadPercent}% reads, {100 - LoadSettings.LoginPercent - LoadSettings.ReadPercent}% messages), " +
                $"{settings.Users} WeChat users ({settings.Sessions} with a session for reads and messages), {settings.Todos} todos; setup {setupSeconds:0.0} s; {Environment.ProcessorCount} cores")
            .AppendLine(CultureInfo.InvariantCulture, $"requests {log.Total} ({log.Total / seconds:0} /s): 5xx {log.CountWhere(s => s >= 500)}, " +
                $"transport errors {log.CountWhere(s => s == 0)}, other non-2xx {log.CountWhere(s => s is > 0 and (< 200 or (>= 300 and < 500)))}; host error log lines {host.ErrorLines}")
            .Append(log.Format(seconds))
            .AppendLine(CultureInfo.InvariantCulture, $"working set (MiB): idle {Mi(idle)}, after setup {Mi(afterSetup)}, max first half {Mi(firstHalf)}, " +
                $"max second half {Mi(secondHalf)}, end {Mi(samples.Count > 0 ? samples[^1].WorkingSet : afterSetup)}, peak (VmHWM) {Mi(peak)}")
            .AppendLine("sandbox calls: " + string.Join(", ", calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")));
        output.WriteLine(report.ToString());

        Assert.True(log.Failures.Count == 0, $"failed requests:\n{string.Join('\n', log.Failures)}\n{report}\nhost output:\n{host.OutputTail}");
        Assert.Equal(0, log.CountWhere(s => s >= 500 || s == 0));
        Assert.All(new[] { "login: getLoginCode", "login: AuthSvc.login", "read: Todo.query", "read: Todo.get", "message: sendText" },
            kind => Assert.True(log.Count(kind) > 0, $"no '{kind}' requests ran"));
        Assert.True(peak < PeakWorkingSetLimit, $"peak working set {Mi(peak)} MiB ≥ {Mi(PeakWorkingSetLimit)} MiB");
        // Bounded, not growing: the second half of the run needs no more than half as much again as the first.
        Assert.True(secondHalf <= firstHalf * 3 / 2, $"working set grew from {Mi(firstHalf)} MiB (first half) to {Mi(secondHalf)} MiB (second half)");
        // The access token was fetched once for all those messages.
        Assert.Equal(1, calls.GetValueOrDefault("/cgi-bin/stable_token"));
    }

    private static async Task ClientLoopAsync(int client, SharedSandbox sandbox, ElementApiClient api, LoadUser[] users, int[] nextLogin,
        long[][] todoIds, LoadSettings settings, Stopwatch clock, LatencyLog log)
    {
        var random = new Random(client);
        var sequence = 0;
        while (clock.Elapsed < settings.Duration)
        {
            var roll = random.Next(100);
            if (roll < LoadSettings.LoginPercent)
            {
                // Round robin: logins spread evenly over the users, each far below the 100 per minute WeChat allows.
                var user = users[(int)((uint)Interlocked.Increment(ref nextLogin[0]) % (uint)users.Length)];
                // wx.login happens on the phone: minting the code is not the host's time.
                var code = await sandbox.MintLoginCodeAsync(user.WeChatUser);
                var loginCode = await api.CallAsync(ElementApiClient.MiniLogin, "getLoginCode", new JsonObject { ["code"] = code });
                log.Add("login: getLoginCode", loginCode);
                if (loginCode.IsSuccess)
                {
                    log.Add("login: AuthSvc.login", await api.CallAsync(ElementApiClient.AuthSvc, "login",
                        new JsonObject { ["loginCode"] = loginCode.Object["loginCode"]!.GetValue<string>() }));
                }
            }
            else if (roll < LoadSettings.LoginPercent + LoadSettings.ReadPercent)
            {
                var session = random.Next(settings.Sessions);
                var user = users[session];
                if (random.Next(2) == 0)
                {
                    log.Add("read: Todo.query", await api.CallAsync(ElementApiClient.Todo, "query",
                        new JsonObject { ["filter"] = "Q('done', '=', false)", ["orderList"] = new JsonArray(new JsonArray("id", -1)), ["page"] = random.Next(1, 6), ["size"] = 20 },
                        user.Token));
                }
                else
                {
                    // A todo of this user's own: models.Todo is owned (ownerField userId), others' rows are invisible.
                    var own = todoIds[session];
                    var id = own[random.Next(own.Length)];
                    log.Add("read: Todo.get", await api.CallAsync(ElementApiClient.Todo, "get",
                        new JsonObject { ["filter"] = $"Q('id', '=', {id.ToString(CultureInfo.InvariantCulture)})" }, user.Token));
                }
            }
            else
            {
                var user = users[random.Next(settings.Sessions)];
                log.Add("message: sendText", await api.CallAsync(ElementApiClient.Messages, "sendText",
                    new JsonObject { ["openid"] = user.OpenId, ["content"] = $"load {client}.{sequence++}" }, user.Token));
            }
        }
    }

    /// <summary>WeChat users known to the sandbox and registered in the app, each with a session.</summary>
    private static async Task<LoadUser[]> SetUpUsersAsync(SharedSandbox sandbox, ElementApiClient api, LoadSettings settings)
    {
        var users = new LoadUser[settings.Users];
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Users), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var name = $"load{i:D4}";
            var openid = await sandbox.AddUserAsync(name);
            await MiniProgram.RegisterAsync(sandbox, api, api, name);
            users[i] = new LoadUser(name, openid, i < settings.Sessions ? await MiniProgram.LoginAsync(sandbox, api, name) : null);
        });
        return users;
    }

    /// <summary>The todos, spread round robin over the users with a session: <c>[session][k]</c> is an id that user owns.</summary>
    private static async Task<long[][]> SeedTodosAsync(ElementApiClient api, LoadUser[] users, LoadSettings settings)
    {
        var ids = new long[settings.Todos];
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Todos), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var created = await api.InvokeAsync(ElementApiClient.Todo, "create",
                new JsonObject { ["rowData"] = new JsonObject { ["title"] = $"todo {i}", ["done"] = i % 3 == 0 } }, users[i % settings.Sessions].Token!);
            ids[i] = created["id"]!.GetValue<long>();
        });
        return [.. Enumerable.Range(0, settings.Sessions).Select(s => ids.Where((_, i) => i % settings.Sessions == s).ToArray())];
    }

    private static string Mi(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture);

    private sealed record LoadUser(string WeChatUser, string OpenId, string? Token);
}
