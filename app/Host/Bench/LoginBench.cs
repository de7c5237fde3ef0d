using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json.Nodes;
using Elements.WeChatSandbox.Client;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.Options;

namespace Elements.Host.Bench;

/// <summary>
/// <c>dotnet run -c Release --project app -- bench logins [--logins 2000] [--clients 64] [--users 500] [--app folder]</c>: a bounded
/// load run, not a test. Starts the host on a free loopback port against a throwaway copy of the app folder (so
/// <c>appData</c> is untouched), registers <c>--users</c> sandbox users through the mini program's
/// getLoginCode → register flow, then measures over HTTP with <c>--clients</c> concurrent clients:
/// <list type="number">
/// <item>the floor: <c>--logins</c> bare sandbox <c>GET /sns/jscode2session</c> round trips;</item>
/// <item>the protocol's lower bound: the same two calls against a <see cref="BareRelay"/> that does nothing but relay
/// the code to <c>jscode2session</c>, so no implementation of this protocol over HTTP can be faster (and, for a
/// hypothetical one-call login, the first call alone);</item>
/// <item>the framework: <c>--logins</c> mini-program logins (<c>getLoginCode(code)</c> then <c>AuthSvc.login(loginCode)</c>
/// through the element API, users picked round-robin so the same user also logs in concurrently).</item>
/// </list>
/// wx.login codes are minted before each timed phase, so neither phase times the sandbox's control API. Fails (exit 1)
/// on any error, or when a WeChat user maps to more than one user id.
/// </summary>
internal static class LoginBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [PasswordLoginBench.Name, ..])
        {
            return await PasswordLoginBench.RunAsync(args);
        }

        if (args is not ["logins", ..])
        {
            await Console.Error.WriteLineAsync("usage: bench logins [--logins 2000] [--clients 64] [--users 500] [--app folder]");
            await Console.Error.WriteLineAsync($"       bench {PasswordLoginBench.Name} [--clients 64] [--seconds 60] [--users 16] [--app folder]");
            return 2;
        }

        var logins = Option(args, "--logins", 2000);
        var clients = Option(args, "--clients", 64);
        var userCount = Option(args, "--users", 500);
        var appOption = Array.IndexOf(args, "--app");
        var source = appOption >= 0 && appOption + 1 < args.Length ? Path.GetFullPath(args[appOption + 1]) : FindAppFolder();
        return await BenchHost.RunAsync(source, [], (app, baseUri) => MeasureAsync(app, baseUri, logins, clients, userCount));
    }

    private static async Task<int> MeasureAsync(WebApplication app, Uri baseUri, int logins, int clients, int userCount)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseUri,
        };
        var sandbox = new WeChatSandboxClient(http);
        var page = JsonNode.Parse(await http.GetStringAsync("api/host/page"))!;
        var apiBase = page["apiBase"]!.GetValue<string>().TrimStart('/');
        var miniElement = page["mini"]!["element"]!.GetValue<string>().Replace('.', '/');
        var miniAppId = page["mini"]!["appId"]!.GetValue<string>();
        var secret = app.Services.GetRequiredService<IOptions<WeChatSandboxOptions>>().Value.Apps.First(a => a.AppId == miniAppId).Secret;
        var errors = new ConcurrentBag<string>();

        Console.WriteLine($"Elements login bench: {logins} logins, {clients} concurrent clients, {userCount} WeChat users, host {baseUri}");

        // Users: registered in the sandbox, then in the app through getLoginCode → register (concurrently, over HTTP).
        var users = Enumerable.Range(0, userCount).Select(i => $"bench{i:D5}").ToArray();
        await ForEachAsync(users, clients, async user =>
            await sandbox.RegisterUserAsync(new SandboxUserRegistration { UserId = user, Nickname = user }));
        var userIds = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await ForEachAsync(users, clients, async user =>
        {
            try
            {
                var first = await CallAsync(http, $"{apiBase}/{miniElement}/getLoginCode", new JsonObject { ["code"] = (await sandbox.MintLoginCodeAsync(miniAppId, user)).Code });
                var created = await CallAsync(http, $"{apiBase}/{miniElement}/register", new JsonObject { ["bindCode"] = first["bindCode"]!.GetValue<string>() });
                userIds[user] = created["userId"]!.GetValue<long>();
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or NullReferenceException)
            {
                errors.Add("register " + user + ": " + ex.Message);
            }
        });

        await using var relay = await BareRelay.StartAsync(baseUri, miniAppId, secret);

        // Warm-up, untimed, in several rounds with a pause after each: tiered compilation promotes hot methods only
        // once calls to new methods have been quiet for a moment, so without the pauses it was still compiling
        // ~3,500 methods inside the timed phases, on the same two cores. Rounds are capped so that the warm-up spends
        // at most 50 jscode2session calls per WeChat user, half the sandbox's per-minute quota (errcode 45011).
        var warmUp = Math.Min(200, logins);
        var rounds = Math.Clamp(50 * userCount / (3 * warmUp), 1, 15);
        for (var round = 0; round < rounds; round++)
        {
            await RunFloorAsync(http, sandbox, miniAppId, secret, users, warmUp, clients, errors);
            await RunLoginsAsync(http, sandbox, miniAppId, apiBase, miniElement, users, userIds, warmUp, clients, errors);
            await RunRelayAsync(http, relay.BaseUri, sandbox, miniAppId, users, warmUp, clients, twoCalls: true, errors);
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var warmupErrors = errors.Count;
        var compiledAtStart = JitInfo.GetCompiledMethodCount();

        var floor = await RunFloorAsync(http, sandbox, miniAppId, secret, users, logins, clients, errors);
        var bareOneCall = await RunRelayAsync(http, relay.BaseUri, sandbox, miniAppId, users, logins, clients, twoCalls: false, errors);
        var bare = await RunRelayAsync(http, relay.BaseUri, sandbox, miniAppId, users, logins, clients, twoCalls: true, errors);
        GetLoginCodeTicks[0] = LoginTicks[0] = 0;
        using var server = new ServerTimings();
        var framework = await RunLoginsAsync(http, sandbox, miniAppId, apiBase, miniElement, users, userIds, logins, clients, errors);
        var (elementCalls, elementMs, wechatCalls, wechatMs) = server.Snapshot();

        var distinct = userIds.Values.Distinct().Count();
        var duplicates = userIds.Count - distinct;
        Console.WriteLine();
        Console.WriteLine($"{"phase",-34} {"n",6} {"wall s",8} {"req/s",8} {"mean ms",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"cpu ms",8}");
        floor.Print("floor: bare jscode2session");
        bareOneCall.Print("bare relay: getLoginCode only");
        bare.Print("bare relay: getLoginCode + login");
        framework.Print("framework: getLoginCode + login");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per-login latency / floor latency (mean): {framework.Mean / floor.Mean:0.00}x;  framework overhead (mean - floor) / floor: {(framework.Mean - floor.Mean) / floor.Mean:0.00}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lower bound of the protocol (bare relay, no framework, no database) / floor: {bare.Mean / floor.Mean:0.00}x (a one-call login: {bareOneCall.Mean / floor.Mean:0.00}x);  framework / bare relay: {framework.Mean / bare.Mean:0.00}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"split of a login (mean): getLoginCode {GetLoginCodeTicks[0] * 1000.0 / Stopwatch.Frequency / logins:0.00} ms (includes the jscode2session call), AuthSvc.login {LoginTicks[0] * 1000.0 / Stopwatch.Frequency / logins:0.00} ms"));
        // The framework's own share: the element calls' server-side time without the WeChat calls they wait for.
        var frameworkMs = (elementMs - wechatMs) / logins;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server side per login: element calls {elementMs / logins:0.00} ms ({elementCalls} calls), of which WeChat {wechatMs / logins:0.00} ms ({wechatCalls} calls)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"framework overhead per login (element calls - WeChat calls): {frameworkMs:0.00} ms = {frameworkMs / floor.Mean:0.00}x the floor's round trip ({floor.Mean:0.00} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: floor {floor.Throughput:0} /s, framework {framework.Throughput:0} logins/s ({floor.Throughput / framework.Throughput:0.00}x)"));
        Console.WriteLine($"warm-up: {rounds} round(s) of {warmUp} per phase; methods compiled by the JIT during the timed phases: {JitInfo.GetCompiledMethodCount() - compiledAtStart}");
        Console.WriteLine($"errors: {errors.Count} (warm-up {warmupErrors});  WeChat users {userCount}, app users {userIds.Count}, distinct user ids {distinct}, duplicates {duplicates}");
        foreach (var error in errors.Take(10))
        {
            Console.WriteLine("  " + error);
        }

        return errors.IsEmpty && duplicates == 0 && userIds.Count == userCount ? 0 : 1;
    }

    private static async Task<PhaseResult> RunFloorAsync(HttpClient http, WeChatSandboxClient sandbox, string appId, string secret, string[] users, int count,
        int clients, ConcurrentBag<string> errors)
    {
        var codes = await MintAsync(sandbox, appId, users, count, clients);
        return await TimeAsync(codes, clients, async (user, code) =>
        {
            var body = await http.GetStringAsync($"sns/jscode2session?appid={appId}&secret={secret}&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code");
            if (JsonNode.Parse(body)?["openid"] is null)
            {
                errors.Add("jscode2session: " + body);
            }
        });
    }

    private static async Task<PhaseResult> RunRelayAsync(HttpClient http, Uri relay, WeChatSandboxClient sandbox, string appId, string[] users, int count,
        int clients, bool twoCalls, ConcurrentBag<string> errors)
    {
        var codes = await MintAsync(sandbox, appId, users, count, clients);
        return await TimeAsync(codes, clients, async (user, code) =>
        {
            try
            {
                var result = await CallAsync(http, new Uri(relay, "getLoginCode").ToString(), new JsonObject { ["code"] = code });
                if (twoCalls)
                {
                    await CallAsync(http, new Uri(relay, "login").ToString(), new JsonObject { ["loginCode"] = result["loginCode"]!.GetValue<string>() });
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or NullReferenceException)
            {
                errors.Add("relay " + user + ": " + ex.Message);
            }
        });
    }

    private static async Task<PhaseResult> RunLoginsAsync(HttpClient http, WeChatSandboxClient sandbox, string appId, string apiBase, string miniElement,
        string[] users, ConcurrentDictionary<string, long> userIds, int count, int clients, ConcurrentBag<string> errors)
    {
        var codes = await MintAsync(sandbox, appId, users, count, clients);
        return await TimeAsync(codes, clients, async (user, code) =>
        {
            try
            {
                var t = Stopwatch.GetTimestamp();
                var result = await CallAsync(http, $"{apiBase}/{miniElement}/getLoginCode", new JsonObject { ["code"] = code });
                Add(GetLoginCodeTicks, Stopwatch.GetTimestamp() - t);
                t = Stopwatch.GetTimestamp();
                var session = await CallAsync(http, $"{apiBase}/auths/services/AuthSvc/login", new JsonObject { ["loginCode"] = result["loginCode"]!.GetValue<string>() });
                Add(LoginTicks, Stopwatch.GetTimestamp() - t);
                var userId = session["userId"]!.GetValue<long>();
                if (!userIds.TryGetValue(user, out var expected) || expected != userId || string.IsNullOrEmpty((string?)session["token"]))
                {
                    errors.Add($"login {user}: user {userId}, expected {expected}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or NullReferenceException)
            {
                errors.Add("login " + user + ": " + ex.Message);
            }
        });
    }

    // Time spent in each of the two element calls of the timed phase (the last phase run wins).
    private static readonly long[] GetLoginCodeTicks = new long[1];
    private static readonly long[] LoginTicks = new long[1];

    private static void Add(long[] total, long ticks) => Interlocked.Add(ref total[0], ticks);

    private static async Task<(string User, string Code)[]> MintAsync(WeChatSandboxClient sandbox, string appId, string[] users, int count, int clients)
    {
        var codes = new (string User, string Code)[count];
        await ForEachAsync(Enumerable.Range(0, count).ToArray(), clients, async i =>
        {
            var user = users[i % users.Length];
            codes[i] = (user, (await sandbox.MintLoginCodeAsync(appId, user)).Code);
        });
        return codes;
    }

    private static async Task<PhaseResult> TimeAsync((string User, string Code)[] work, int clients, Func<string, string, Task> action)
    {
        var latencies = new double[work.Length];
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        await ForEachAsync(Enumerable.Range(0, work.Length).ToArray(), clients, async i =>
        {
            var t = Stopwatch.GetTimestamp();
            await action(work[i].User, work[i].Code);
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        });
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new PhaseResult(latencies, wall, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }

    private static Task ForEachAsync<T>(T[] items, int clients, Func<T, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (item, _) => await body(item));

    private static async Task<JsonObject> CallAsync(HttpClient http, string path, JsonObject args)
    {
        using var response = await http.PostAsJsonAsync(path, args);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    internal static string FindAppFolder()
    {
        foreach (var candidate in new[] { Directory.GetCurrentDirectory(), Path.Combine(Directory.GetCurrentDirectory(), "app"), AppContext.BaseDirectory })
        {
            if (File.Exists(Path.Combine(candidate, "app.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("run the bench from the repository root or app/ (no app.json found)");
    }

    internal static void CopyApp(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.Copy(Path.Combine(from, "app.json"), Path.Combine(to, "app.json"));
        foreach (var dir in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(dir) is not ("bin" or "obj" or "appData" or "Host" or "wwwroot"))
            {
                CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
            }
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    // CPU is the whole process's (clients, host, sandbox and relay share it), so CPU per operation compares phases.
    private sealed class PhaseResult(double[] latencies, double wallSeconds, double cpuSeconds)
    {
        private readonly double[] _sorted = [.. latencies.Order()];

        public double Mean => _sorted.Average();

        public double Throughput => _sorted.Length / wallSeconds;

        public void Print(string name) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {_sorted.Length,6} {wallSeconds,8:0.00} {Throughput,8:0} {Mean,8:0.00} {P(0.50),8:0.00} {P(0.95),8:0.00} {P(0.99),8:0.00} {cpuSeconds * 1000 / _sorted.Length,8:0.00}"));

        private double P(double q) => _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(q * _sorted.Length) - 1)];
    }
}
