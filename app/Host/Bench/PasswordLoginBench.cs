using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Elements.Host.Bench;

/// <summary>
/// <c>dotnet run -c Release --project app -- bench password-logins [--clients 64] [--seconds 60] [--users 16] [--app folder]</c>:
/// issue 14's load figure. Starts the host like <see cref="LoginBench"/> (throwaway copy of the app, free loopback
/// port), registers <c>--users</c> password users, then for <c>--seconds</c> runs <c>--clients</c> clients each
/// logging in over and over (<c>Passwords/getLoginCode</c> then <c>AuthSvc/login</c>, users round-robin) while a probe
/// calls <c>/healthz</c> every 100 ms on its own connection. Prints login latency, failures by status and the probe's
/// p50/p95/p99/max. The goal is zero 5xx and a probe p99 under 100 ms: PBKDF2 runs under the password hashing gate,
/// so the logins queue instead of taking every core. The probe runs until the last login in flight has finished.
/// Host settings can be passed through as <c>--Elements:PasswordHashing:MaxConcurrency=64</c> (to compare without the
/// gate). Exit 1 on any 5xx, failed probe or unclear login failure.
/// </summary>
internal static class PasswordLoginBench
{
    public const string Name = "password-logins";

    private const string PasswordElement = "auths/loginTypes/Passwords";
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = LoginBench.Option(args, "--clients", 64);
        var seconds = LoginBench.Option(args, "--seconds", 60);
        var users = LoginBench.Option(args, "--users", 16);
        var appOption = Array.IndexOf(args, "--app");
        var source = appOption >= 0 && appOption + 1 < args.Length ? Path.GetFullPath(args[appOption + 1]) : LoginBench.FindAppFolder();
        var loadBefore = LoadAverage();
        Console.WriteLine($"Elements password login bench: {clients} clients for {seconds} s, {users} users, {Environment.ProcessorCount} processors, load average {loadBefore}");
        var settings = args.Where(a => a.StartsWith("--Elements:", StringComparison.Ordinal)).ToArray();
        if (settings.Length > 0)
        {
            Console.WriteLine("host settings: " + string.Join(' ', settings));
        }

        var result = await MeasureAsync(source, clients, TimeSpan.FromSeconds(seconds), users, settings);
        Print(result, clients);
        Console.WriteLine($"load average before {loadBefore}, after {LoadAverage()} (other processes on the machine count too)");
        return result.ServerErrors == 0 && result.Unclear == 0 && result.ProbeFailures == 0 && result.Logins > 0 ? 0 : 1;
    }

    /// <summary>Runs the bench against a throwaway copy of <paramref name="source"/> and returns what it measured.</summary>
    public static async Task<PasswordLoginBenchResult> MeasureAsync(string source, int clients, TimeSpan duration, int userCount,
        IReadOnlyList<string>? hostSettings = null)
    {
        return await BenchHost.RunAsync(source, hostSettings ?? [], LogLevel.Warning, (_, baseUri) => RunPhasesAsync(baseUri, clients, duration, userCount));
    }

    private static async Task<PasswordLoginBenchResult> RunPhasesAsync(Uri baseUri, int clients, TimeSpan duration, int userCount)
    {
        // Queued logins wait for their turn at the hashing gate: the client must outwait the queue, not time out.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        using var probeHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        var apiBase = JsonNode.Parse(await http.GetStringAsync("api/host/page"))!["apiBase"]!.GetValue<string>().TrimStart('/');
        var password = "bench-" + Guid.NewGuid().ToString("n");
        var users = Enumerable.Range(0, userCount).Select(i => $"bench{i:D4}").ToArray();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(clients, 8) }, async (user, ct) =>
        {
            using var registered = await http.PostAsJsonAsync($"{apiBase}/{PasswordElement}/register", new { username = user, password }, ct);
            registered.EnsureSuccessStatusCode();
        });

        var loginMs = new ConcurrentBag<double>();
        var probeMs = new ConcurrentBag<double>();
        var byStatus = new ConcurrentDictionary<int, int>();
        int refused = 0, unclear = 0, serverErrors = 0, probeFailures = 0, next = 0;
        using var stop = new CancellationTokenSource(duration);
        using var probeStop = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();

        var probe = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(ProbeInterval);
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !probeStop.IsCancellationRequested)
            {
                var t = Stopwatch.GetTimestamp();
                try
                {
                    using var health = await probeHttp.GetAsync(ElementsHost.HealthPath.TrimStart('/'));
                    probeMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (health.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref probeFailures);
                        if ((int)health.StatusCode >= 500)
                        {
                            Interlocked.Increment(ref serverErrors);
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref probeFailures);
                }
            }
        });

        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var user = users[(Interlocked.Increment(ref next) & int.MaxValue) % users.Length];
                var t = Stopwatch.GetTimestamp();
                var outcome = await LoginAsync(http, apiBase, user, password);
                switch (outcome)
                {
                    case { Status: HttpStatusCode.OK, Clear: true }:
                        loginMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                        continue;
                    case { Status: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable, Clear: true }:
                        Interlocked.Increment(ref refused);
                        break;
                    default:
                        Interlocked.Increment(ref unclear);
                        break;
                }

                byStatus.AddOrUpdate((int)outcome.Status, 1, (_, n) => n + 1);
                if ((int)outcome.Status >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                }

                if (outcome.RetryAfter is { } wait)
                {
                    // A well-behaved client honours Retry-After (cut short when the run ends).
                    await Task.Delay(wait, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        })).ToArray();

        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await probeStop.CancelAsync();
        await probe;
        return new PasswordLoginBenchResult(loginMs.Count, refused, unclear, new Dictionary<int, int>(byStatus), serverErrors,
            [.. loginMs.Order()], [.. probeMs.Order()], probeFailures, seconds);
    }

    /// <summary>One login; Clear is false for an answer a client could not act on (no Retry-After on a refusal, no session).</summary>
    private static async Task<(HttpStatusCode Status, bool Clear, TimeSpan? RetryAfter)> LoginAsync(HttpClient http, string apiBase, string user, string password)
    {
        try
        {
            using var code = await http.PostAsJsonAsync($"{apiBase}/{PasswordElement}/getLoginCode", new { username = user, password });
            if (code.StatusCode != HttpStatusCode.OK)
            {
                var retryAfter = code.Headers.RetryAfter?.Delta;
                return (code.StatusCode, retryAfter is not null && code.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable, retryAfter);
            }

            var loginCode = (string?)JsonNode.Parse(await code.Content.ReadAsStringAsync())?["loginCode"];
            using var session = await http.PostAsJsonAsync($"{apiBase}/auths/services/AuthSvc/login", new { loginCode });
            var token = session.IsSuccessStatusCode ? (string?)JsonNode.Parse(await session.Content.ReadAsStringAsync())?["token"] : null;
            return (session.StatusCode, !string.IsNullOrEmpty(token), session.Headers.RetryAfter?.Delta);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, false, null);
        }
    }

    private static void Print(PasswordLoginBenchResult r, int clients)
    {
        static string Stats(double[] ms) => string.Create(CultureInfo.InvariantCulture,
            $"n {ms.Length}, mean {(ms.Length == 0 ? 0 : ms.Average()):0.0} ms, p50 {PasswordLoginBenchResult.Quantile(ms, 0.50):0.0}, p95 {PasswordLoginBenchResult.Quantile(ms, 0.95):0.0}, p99 {PasswordLoginBenchResult.Quantile(ms, 0.99):0.0}, max {(ms.Length == 0 ? 0 : ms[^1]):0.0}");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"logins ({clients} clients, {r.Seconds:0.0} s): {r.Logins / r.Seconds:0.00} logins/s"));
        Console.WriteLine("  latency      " + Stats(r.LoginMs));
        Console.WriteLine($"  refused      {r.Refused} (429/503 with Retry-After);  unclear failures {r.Unclear}");
        Console.WriteLine("  by status    " + (r.ByStatus.Count == 0 ? "none failed" : string.Join(", ", r.ByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))));
        Console.WriteLine($"/healthz probe every {ProbeInterval.TotalMilliseconds:0} ms:");
        Console.WriteLine("  latency      " + Stats(r.ProbeMs));
        Console.WriteLine($"  failures     {r.ProbeFailures}");
        var p99 = PasswordLoginBenchResult.Quantile(r.ProbeMs, 0.99);
        Console.WriteLine($"5xx answers: {r.ServerErrors};  goal (zero 5xx, /healthz p99 < 100 ms): {(r.ServerErrors == 0 && p99 < 100 ? "met" : "NOT met")}");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
