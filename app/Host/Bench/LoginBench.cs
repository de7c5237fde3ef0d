using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json.Nodes;
using Elements.Data.Storage;
using Elements.Host.Bench.HandWritten;
using Elements.Std.Databases;
using Elements.WeChatSandbox.Client;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.Options;

namespace Elements.Host.Bench;

/// <summary>
/// <c>dotnet run -c Release --project app -- bench logins [--logins 2000] [--clients 64] [--users 500] [--rounds 3]
/// [--log-level Warning] [--postgres "connection string"] [--show-sql] [--app folder]</c>: a bounded load run, not a
/// test. Starts the host on a free loopback port against a throwaway copy of the app folder (so <c>appData</c> is
/// untouched) with the app's own logging settings (or <c>--log-level</c>), and a <see cref="HandWrittenLoginServer"/>
/// (what a user would write instead: minimal API + Dapper on its own database) next to it; registers <c>--users</c>
/// sandbox users in both, then measures over HTTP with <c>--clients</c> concurrent clients:
/// <list type="number">
/// <item>the floor: <c>--logins</c> bare sandbox <c>GET /sns/jscode2session</c> round trips;</item>
/// <item>the protocol's lower bound: the same two calls against a <see cref="BareRelay"/> that does nothing but relay
/// the code to <c>jscode2session</c>, so no implementation of this protocol over HTTP can be faster (and, for a
/// hypothetical one-call login, the first call alone);</item>
/// <item>the hand-written server and the framework in interleaved rounds (hand-written, framework, … <c>--rounds</c>
/// times, <c>--logins</c> logins each, aggregated per server): <c>getLoginCode(code)</c> then <c>login(loginCode)</c>,
/// users picked round-robin so the same user also logs in concurrently.</item>
/// </list>
/// After the timed rounds, an untimed pass of up to 50 logins per server counts the SQL statements per login with
/// SQLite's trace hook, or on PostgreSQL Npgsql's command trace (<see cref="NpgsqlCommandTrace"/>). wx.login codes are minted before each timed phase, so no phase times the
/// sandbox's control API. Fails (exit 1) on any error in either server, a login answering another user id than the
/// one registered, a WeChat user mapped to more than one user id, or a statement count of zero (a broken trace).
/// </summary>
internal static class LoginBench
{
    private const string Usage =
        "usage: bench logins [--logins 2000] [--clients 64] [--users 500] [--rounds 3] [--log-level Warning] [--postgres \"<Npgsql connection string>\"] [--show-sql] [--app folder]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [PasswordLoginBench.Name, ..])
        {
            return await PasswordLoginBench.RunAsync(args);
        }

        LogLevel? logLevel = null;
        if (args is not ["logins", ..] || (StringOption(args, "--log-level") is { } level && !TryParseLevel(level, out logLevel)))
        {
            await Console.Error.WriteLineAsync(Usage);
            await Console.Error.WriteLineAsync($"       bench {PasswordLoginBench.Name} [--clients 64] [--seconds 60] [--users 16] [--app folder]");
            return 2;
        }

        var options = new Options(Option(args, "--logins", 2000), Option(args, "--clients", 64), Option(args, "--users", 500), Option(args, "--rounds", 3),
            args.Contains("--show-sql"));
        var source = StringOption(args, "--app") is { } appFolder ? Path.GetFullPath(appFolder) : FindAppFolder();
        if (StringOption(args, "--postgres") is not { } postgres)
        {
            return await BenchHost.RunAsync(source, [], logLevel, (app, baseUri) => MeasureAsync(app, baseUri, options, logLevel, null));
        }

        await using var databases = await BenchPostgres.CreateAsync(postgres);
        return await BenchHost.RunAsync(source, [], logLevel, (app, baseUri) => MeasureAsync(app, baseUri, options, logLevel, databases),
            copy => UsePostgresAsync(copy, databases.HostConnectionString));
    }

    private static bool TryParseLevel(string text, out LogLevel? level)
    {
        var ok = Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _);
        level = ok ? parsed : null;
        return ok;
    }

    // The documented switch: the app's own databases.Default of type databases.PostgresType, the connection string
    // through the copy's envVars (never written into an element file).
    private static async Task UsePostgresAsync(string copy, string connectionString)
    {
        Directory.CreateDirectory(Path.Combine(copy, "databases", "Default"));
        await File.WriteAllTextAsync(Path.Combine(copy, "databases", "Default", "e.json"),
            """{"title": "Default database", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}"}""");
        var appJson = Path.Combine(copy, "app.json");
        var app = JsonNode.Parse(await File.ReadAllTextAsync(appJson))!.AsObject();
        app["envVars"] = new JsonObject { ["PG_CONN"] = connectionString };
        await File.WriteAllTextAsync(appJson, app.ToJsonString());
    }

    private sealed record Options(int Logins, int Clients, int Users, int Rounds, bool ShowSql);

    /// <summary>A login server under test: its two routes and the user ids it registered per WeChat user.</summary>
    private sealed record LoginTarget(string Name, string GetLoginCodeUrl, string LoginUrl, ConcurrentDictionary<string, long> UserIds)
    {
        // Time spent in each of the two calls of a login, summed over the timed rounds (Stopwatch ticks).
        public long GetLoginCodeTicks;
        public long LoginTicks;

        public string Split(int logins) => string.Create(CultureInfo.InvariantCulture,
            $"{Name} getLoginCode {GetLoginCodeTicks * 1000.0 / Stopwatch.Frequency / logins:0.00} ms, login {LoginTicks * 1000.0 / Stopwatch.Frequency / logins:0.00} ms");
    }

    private static async Task<int> MeasureAsync(WebApplication app, Uri baseUri, Options o, LogLevel? logLevel, BenchPostgres? postgres)
    {
        var (logins, clients, userCount) = (o.Logins, o.Clients, o.Users);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseUri,
        };
        var sandbox = new WeChatSandboxClient(http);
        var quota = new SandboxQuota(userCount);
        var page = JsonNode.Parse(await http.GetStringAsync("api/host/page"))!;
        var apiBase = page["apiBase"]!.GetValue<string>().TrimStart('/');
        var miniElement = page["mini"]!["element"]!.GetValue<string>().Replace('.', '/');
        var miniAppId = page["mini"]!["appId"]!.GetValue<string>();
        var secret = app.Services.GetRequiredService<IOptions<WeChatSandboxOptions>>().Value.Apps.First(a => a.AppId == miniAppId).Secret;
        var errors = new ConcurrentBag<string>();
        var hostDatabase = app.Services.GetRequiredService<ElementApp>().GetElement<DatabaseElement>("databases.Default").Database;

        Console.WriteLine($"Elements login bench: {logins} logins × {o.Rounds} rounds, {clients} concurrent clients, {userCount} WeChat users, host {baseUri}");
        Console.WriteLine($"database: {hostDatabase.Provider}; host logging: {(logLevel is { } l ? $"{l} (--log-level)" : "the app's appsettings.json (console to stderr)")}");

        // Users: registered in the sandbox, then in the app through getLoginCode → register (concurrently, over HTTP).
        var users = Enumerable.Range(0, userCount).Select(i => $"bench{i:D5}").ToArray();
        await ForEachAsync(users, clients, async user =>
            await sandbox.RegisterUserAsync(new SandboxUserRegistration { UserId = user, Nickname = user }));
        var framework = new LoginTarget("framework", $"{apiBase}/{miniElement}/getLoginCode", $"{apiBase}/auths/services/AuthSvc/login",
            new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        await quota.ReserveAsync(userCount);
        await ForEachAsync(users, clients, async user =>
        {
            try
            {
                var first = await CallAsync(http, framework.GetLoginCodeUrl, new JsonObject { ["code"] = (await sandbox.MintLoginCodeAsync(miniAppId, user)).Code });
                var created = await CallAsync(http, $"{apiBase}/{miniElement}/register", new JsonObject { ["bindCode"] = first["bindCode"]!.GetValue<string>() });
                framework.UserIds[user] = created["userId"]!.GetValue<long>();
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or NullReferenceException)
            {
                errors.Add("register " + user + ": " + ex.Message);
            }
        });

        await using var relay = await BareRelay.StartAsync(baseUri, miniAppId, secret);
        HandWrittenDatabase handWrittenDatabase = postgres is null
            ? new SqliteHandWrittenDatabase(Path.Combine(BenchHost.TempFolder(app), "handwritten", "login.db"))
            : new PostgresHandWrittenDatabase(postgres.HandWrittenConnectionString);
        if (handWrittenDatabase is SqliteHandWrittenDatabase)
        {
            Directory.CreateDirectory(Path.Combine(BenchHost.TempFolder(app), "handwritten"));
        }

        await using var handWritten = await HandWrittenLoginServer.StartAsync(handWrittenDatabase, baseUri, miniAppId, secret);
        var baseline = new LoginTarget("hand-written", new Uri(handWritten.BaseUri, "getLoginCode").ToString(), new Uri(handWritten.BaseUri, "login").ToString(),
            new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        // The hand-written server registers an unknown openid in its getLoginCode.
        await quota.ReserveAsync(userCount);
        await ForEachAsync(users, clients, async user =>
        {
            try
            {
                var first = await CallAsync(http, baseline.GetLoginCodeUrl, new JsonObject { ["code"] = (await sandbox.MintLoginCodeAsync(miniAppId, user)).Code });
                baseline.UserIds[user] = first["userId"]!.GetValue<long>();
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or NullReferenceException)
            {
                errors.Add("hand-written register " + user + ": " + ex.Message);
            }
        });

        // Warm-up, untimed, in several rounds with a pause after each: tiered compilation promotes hot methods only
        // once calls to new methods have been quiet for a moment, so without the pauses it was still compiling
        // ~3,500 methods inside the timed phases, on the same two cores. Rounds are capped so that the warm-up spends
        // at most 50 jscode2session calls per WeChat user, half the sandbox's per-minute quota (errcode 45011).
        var warmUp = Math.Min(200, logins);
        var rounds = Math.Clamp(50 * userCount / (4 * warmUp), 1, 15);
        for (var round = 0; round < rounds; round++)
        {
            await RunFloorAsync(http, sandbox, quota, miniAppId, secret, users, warmUp, clients, errors);
            await RunLoginsAsync(http, sandbox, quota, miniAppId, framework, users, warmUp, clients, errors);
            await RunRelayAsync(http, relay.BaseUri, sandbox, quota, miniAppId, users, warmUp, clients, twoCalls: true, errors);
            await RunLoginsAsync(http, sandbox, quota, miniAppId, baseline, users, warmUp, clients, errors);
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var warmupErrors = errors.Count;
        var compiledAtStart = JitInfo.GetCompiledMethodCount();

        var floor = await RunFloorAsync(http, sandbox, quota, miniAppId, secret, users, logins, clients, errors);
        var bareOneCall = await RunRelayAsync(http, relay.BaseUri, sandbox, quota, miniAppId, users, logins, clients, twoCalls: false, errors);
        var bare = await RunRelayAsync(http, relay.BaseUri, sandbox, quota, miniAppId, users, logins, clients, twoCalls: true, errors);
        baseline.GetLoginCodeTicks = baseline.LoginTicks = framework.GetLoginCodeTicks = framework.LoginTicks = 0;
        var handRounds = new List<PhaseResult>();
        var frameworkRounds = new List<PhaseResult>();
        (long ElementCalls, double ElementMs, long WeChatCalls, double WeChatMs) serverSide;
        using (var server = new ServerTimings())
        {
            for (var round = 0; round < o.Rounds; round++)
            {
                handRounds.Add(await RunLoginsAsync(http, sandbox, quota, miniAppId, baseline, users, logins, clients, errors));
                frameworkRounds.Add(await RunLoginsAsync(http, sandbox, quota, miniAppId, framework, users, logins, clients, errors));
            }

            serverSide = server.Snapshot();
        }

        // Before the untimed statement count below adds its logins.
        var splits = $"{baseline.Split(logins * o.Rounds)}; {framework.Split(logins * o.Rounds)}";

        var compiledInTimed = JitInfo.GetCompiledMethodCount() - compiledAtStart;
        var hand = PhaseResult.Combine(handRounds);
        var fw = PhaseResult.Combine(frameworkRounds);

        // Statements per login, untimed (tracing costs a callback per statement).
        var counted = Math.Min(50, logins);
        var handSql = new StatementTally();
        using (handWrittenDatabase is SqliteHandWrittenDatabase sqliteHand
            ? sqliteHand.TraceStatements(handSql.Record)
            : NpgsqlCommandTrace.Start(postgres!.HandWrittenConnectionString, handSql.Record))
        {
            await RunLoginsAsync(http, sandbox, quota, miniAppId, baseline, users, counted, clients, errors);
        }

        var frameworkSql = new StatementTally();
        using (hostDatabase is SqliteDatabase sqliteHost
            ? sqliteHost.TraceStatements(frameworkSql.Record)
            : NpgsqlCommandTrace.Start(postgres!.HostConnectionString, frameworkSql.Record))
        {
            await RunLoginsAsync(http, sandbox, quota, miniAppId, framework, users, counted, clients, errors);
        }

        var total = logins * o.Rounds;
        Console.WriteLine();
        Console.WriteLine($"{"phase",-34} {"n",6} {"wall s",8} {"req/s",8} {"mean ms",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"cpu ms",8} {"KB/op",8} {"sql/op",8}");
        floor.Print("floor: bare jscode2session");
        bareOneCall.Print("bare relay: getLoginCode only");
        bare.Print("bare relay: getLoginCode + login");
        hand.Print("hand-written: getLoginCode + login", (double)handSql.Total / counted);
        fw.Print("framework: getLoginCode + login", (double)frameworkSql.Total / counted);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"framework / hand-written: mean latency {fw.Mean / hand.Mean:0.00}x (median {fw.Median / hand.Median:0.00}x), throughput {fw.Throughput / hand.Throughput:0.00}x, CPU per login {fw.CpuMsPerOp / hand.CpuMsPerOp:0.00}x, allocated per login {fw.AllocatedKbPerOp / hand.AllocatedKbPerOp:0.00}x  ({o.Rounds} interleaved rounds of {logins}, {clients} clients)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SQL statements per login (untimed pass of {counted}, {(postgres is null ? "SQLite's trace hook, BEGIN/COMMIT included" : "Npgsql's command trace, BEGIN/COMMIT not commands there")}): hand-written {(double)handSql.Total / counted:0.0}, framework {(double)frameworkSql.Total / counted:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per-login latency / floor latency (mean): {fw.Mean / floor.Mean:0.00}x;  framework overhead (mean - floor) / floor: {(fw.Mean - floor.Mean) / floor.Mean:0.00}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lower bound of the protocol (bare relay, no framework, no database) / floor: {bare.Mean / floor.Mean:0.00}x (a one-call login: {bareOneCall.Mean / floor.Mean:0.00}x);  framework / bare relay: {fw.Mean / bare.Mean:0.00}x;  hand-written / bare relay: {hand.Mean / bare.Mean:0.00}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"split of a login (mean; getLoginCode includes the jscode2session call): {splits}"));
        // The framework's own share: the element calls' server-side time without the WeChat calls they wait for.
        var (elementCalls, elementMs, wechatCalls, wechatMs) = serverSide;
        var frameworkMs = (elementMs - wechatMs) / total;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server side per login: element calls {elementMs / total:0.00} ms ({elementCalls} calls), of which WeChat {wechatMs / total:0.00} ms ({wechatCalls} calls)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"framework overhead per login (element calls - WeChat calls): {frameworkMs:0.00} ms = {frameworkMs / floor.Mean:0.00}x the floor's round trip ({floor.Mean:0.00} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: floor {floor.Throughput:0} /s, hand-written {hand.Throughput:0} logins/s, framework {fw.Throughput:0} logins/s ({floor.Throughput / fw.Throughput:0.00}x)"));
        Console.WriteLine($"warm-up: {rounds} round(s) of {warmUp} per phase; methods compiled by the JIT during the timed phases: {compiledInTimed}; waited for the sandbox's per-minute quota: {quota.Waited.TotalSeconds:0} s");
        if (o.ShowSql)
        {
            PrintShapes("hand-written", handSql, counted);
            PrintShapes("framework", frameworkSql, counted);
        }

        var ok = true;
        foreach (var target in new[] { baseline, framework })
        {
            var distinct = target.UserIds.Values.Distinct().Count();
            var duplicates = target.UserIds.Count - distinct;
            ok &= duplicates == 0 && target.UserIds.Count == userCount;
            Console.WriteLine($"{target.Name}: WeChat users {userCount}, app users {target.UserIds.Count}, distinct user ids {distinct}, duplicates {duplicates}");
        }

        // A count of nothing means the trace saw nothing: the count, not the servers, is broken.
        if (handSql.Total == 0 || frameworkSql.Total == 0)
        {
            ok = false;
            Console.WriteLine("SQL statements were not counted: the trace reported none");
        }

        Console.WriteLine($"errors: {errors.Count} (warm-up {warmupErrors})");
        foreach (var error in errors.Take(10))
        {
            Console.WriteLine("  " + error);
        }

        return errors.IsEmpty && ok ? 0 : 1;
    }

    private static void PrintShapes(string name, StatementTally tally, int logins)
    {
        Console.WriteLine();
        Console.WriteLine($"{name}: distinct SQL statements ({logins} logins; count per login, literal values as ?)");
        foreach (var (shape, count) in tally.Shapes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(double)count / logins,5:0.00}  {shape}"));
        }
    }

    private static async Task<PhaseResult> RunFloorAsync(HttpClient http, WeChatSandboxClient sandbox, SandboxQuota quota, string appId, string secret,
        string[] users, int count, int clients, ConcurrentBag<string> errors)
    {
        var codes = await MintAsync(sandbox, quota, appId, users, count, clients);
        return await TimeAsync(codes, clients, async (user, code) =>
        {
            var body = await http.GetStringAsync($"sns/jscode2session?appid={appId}&secret={secret}&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code");
            if (JsonNode.Parse(body)?["openid"] is null)
            {
                errors.Add("jscode2session: " + body);
            }
        });
    }

    private static async Task<PhaseResult> RunRelayAsync(HttpClient http, Uri relay, WeChatSandboxClient sandbox, SandboxQuota quota, string appId,
        string[] users, int count, int clients, bool twoCalls, ConcurrentBag<string> errors)
    {
        var codes = await MintAsync(sandbox, quota, appId, users, count, clients);
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

    private static async Task<PhaseResult> RunLoginsAsync(HttpClient http, WeChatSandboxClient sandbox, SandboxQuota quota, string appId, LoginTarget target,
        string[] users, int count, int clients, ConcurrentBag<string> errors)
    {
        var codes = await MintAsync(sandbox, quota, appId, users, count, clients);
        return await TimeAsync(codes, clients, async (user, code) =>
        {
            try
            {
                var t = Stopwatch.GetTimestamp();
                var result = await CallAsync(http, target.GetLoginCodeUrl, new JsonObject { ["code"] = code });
                var split = Stopwatch.GetTimestamp();
                var session = await CallAsync(http, target.LoginUrl, new JsonObject { ["loginCode"] = result["loginCode"]!.GetValue<string>() });
                Interlocked.Add(ref target.GetLoginCodeTicks, split - t);
                Interlocked.Add(ref target.LoginTicks, Stopwatch.GetTimestamp() - split);

                var userId = session["userId"]!.GetValue<long>();
                if (!target.UserIds.TryGetValue(user, out var expected) || expected != userId || result["userId"]?.GetValue<long>() != userId
                    || string.IsNullOrEmpty((string?)session["token"]))
                {
                    errors.Add($"{target.Name} login {user}: user {userId}, expected {expected}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or NullReferenceException)
            {
                errors.Add($"{target.Name} login {user}: {ex.Message}");
            }
        });
    }

    private static async Task<(string User, string Code)[]> MintAsync(WeChatSandboxClient sandbox, SandboxQuota quota, string appId, string[] users, int count,
        int clients)
    {
        await quota.ReserveAsync(count);
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
        var allocated = GC.GetTotalAllocatedBytes();
        var started = Stopwatch.GetTimestamp();
        await ForEachAsync(Enumerable.Range(0, work.Length).ToArray(), clients, async i =>
        {
            var t = Stopwatch.GetTimestamp();
            await action(work[i].User, work[i].Code);
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        });
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new PhaseResult(latencies, wall, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds, GC.GetTotalAllocatedBytes() - allocated);
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

    private static string? StringOption(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
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
}
