using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Testing.Logging;
using Elements.WeChatSandbox.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

/// <summary>
/// The other side of a dropped connection: mini-program clients that give up at a random moment of a request
/// (getLoginCode, register or AuthSvc.login), so the server's work is cancelled wherever it happens to be. Nothing may
/// be left half-written, and afterwards every WeChat user can still log in, as exactly one account.
/// </summary>
public abstract class ClientAbortTests(ITestOutputHelper output)
{
    private const int Flows = 400;
    private const int Clients = 12;
    private const int Users = 80;
    private const double AbortShare = 0.3;
    private const int Seed = 909;
    private const string MiniAppId = "wx0000000000demo03";
    private const string Api = "api/demo/SampleApp/";
    private const string MiniLogin = Api + "auths/loginTypes/myWeChatMiniLogin/";

    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _violations = [];

    private protected abstract AccountDatabase Database { get; }

    [Fact]
    public async Task Clients_giving_up_mid_request_leave_no_half_written_rows_and_every_user_can_log_in_afterwards()
    {
        using var copy = SampleAppCopy.Create();
        await Database.PrepareAsync(copy);
        try
        {
            var accounts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var logs = new CapturingLoggerProvider();
            await using (var host = await copy.StartAsync(TestHost.LoadSettings(), services => services.AddSingleton<ILoggerProvider>(logs)))
            {
                var users = Enumerable.Range(0, Users).Select(i => $"abort{i:D3}").ToArray();
                foreach (var user in users)
                {
                    await host.Sandbox.RegisterUserAsync(new SandboxUserRegistration { UserId = user, Nickname = user });
                }

                var clock = Stopwatch.StartNew();
                var random = new Random(Seed);
                var plans = Enumerable.Range(0, Flows).Select(i => (User: users[random.Next(Users)], Seed: random.Next())).ToArray();
                await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = Clients },
                    async (plan, _) => await FlowAsync(host, plan.User, new Random(plan.Seed), accounts: null));
                var stream = clock.Elapsed;

                // Afterwards, with nobody giving up: every WeChat user logs in, as one account.
                await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = Clients },
                    async (user, _) => await FlowAsync(host, user, random: null, accounts));
                output.WriteLine($"[{Database.Provider}] {Flows} flows ({Clients} clients, {Users} users, {AbortShare:P0} of requests abandoned) " +
                    $"in {stream.TotalSeconds:0.0} s, then {Users} clean logins in {(clock.Elapsed - stream).TotalSeconds:0.0} s; outcomes: " +
                    string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
            }

            // An abandoned request is not a server fault: nothing is logged as an error.
            var errors = logs.Entries.Where(e => e.StartsWith("[Error]", StringComparison.Ordinal) || e.StartsWith("[Critical]", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, $"{errors.Count} error log entries, e.g. {errors.FirstOrDefault()}");
            Assert.True(_violations.IsEmpty, $"{_violations.Count} call(s) misbehaved, e.g.:\n" + string.Join("\n", _violations.Take(15)));
            Assert.Equal(Users, accounts.Count);
            Assert.Equal(Users, accounts.Values.Distinct().Count());

            // Read after the host stopped: every request the server was still finishing has finished.
            await using var connection = Database.Open();
            var tables = AccountTables.Read(connection);
            output.WriteLine($"[{Database.Provider}] rows: {tables}");
            tables.AssertConsistent();
            Assert.Equal(Users, tables.Users);
        }
        finally
        {
            await Database.CleanupAsync();
        }
    }

    /// <summary>getLoginCode → (register → getLoginCode) → AuthSvc.login. With <paramref name="random"/>, each request
    /// may be abandoned after 0–20 ms (the flow then ends); without, every step must succeed and the account is noted.</summary>
    private async Task FlowAsync(TestHost host, string user, Random? random, ConcurrentDictionary<string, long>? accounts)
    {
        var code = (await host.Sandbox.MintLoginCodeAsync(MiniAppId, user)).Code;
        var result = await CallAsync(host, MiniLogin + "getLoginCode", new JsonObject { ["code"] = code }, random);
        if (result?["bindCode"] is { } bindCode)
        {
            if (await CallAsync(host, MiniLogin + "register", new JsonObject { ["bindCode"] = (string?)bindCode }, random) is null)
            {
                return;
            }

            code = (await host.Sandbox.MintLoginCodeAsync(MiniAppId, user)).Code;
            result = await CallAsync(host, MiniLogin + "getLoginCode", new JsonObject { ["code"] = code }, random);
        }

        if (result?["loginCode"] is not { } loginCode)
        {
            if (accounts is not null)
            {
                _violations.Add($"clean login of {user}: getLoginCode answered {result?.ToJsonString() ?? "an error"}");
            }

            return;
        }

        var session = await CallAsync(host, Api + "auths/services/AuthSvc/login", new JsonObject { ["loginCode"] = (string?)loginCode }, random);
        if (accounts is not null)
        {
            if (session?["token"] is null)
            {
                _violations.Add($"clean login of {user} failed");
                return;
            }

            accounts[user] = (long)session["userId"]!;
        }
    }

    private async Task<JsonObject?> CallAsync(TestHost host, string path, JsonObject args, Random? random)
    {
        var step = path[(path.LastIndexOf('/') + 1)..];
        using var giveUp = new CancellationTokenSource();
        if (random is not null && random.NextDouble() < AbortShare)
        {
            giveUp.CancelAfter(TimeSpan.FromMilliseconds(random.Next(21)));
        }

        try
        {
            using var response = await host.Http.PostAsJsonAsync(path, args, giveUp.Token);
            var text = await response.Content.ReadAsStringAsync(giveUp.Token);
            if (response.IsSuccessStatusCode)
            {
                Count($"{step} ok");
                return JsonNode.Parse(text)!.AsObject();
            }

            var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? (string?)JsonNode.Parse(text)?["code"] : null;
            Count($"{step} {code ?? "HTTP " + (int)response.StatusCode}");
            // A user whose earlier, abandoned register still went through is already registered: a clear business answer.
            if ((int)response.StatusCode != 422 || code != "AUTH_ALREADY_REGISTERED" || random is null)
            {
                _violations.Add($"{step}: HTTP {(int)response.StatusCode} {code ?? text}");
            }

            return null;
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            Count($"{step} abandoned");
            return null;
        }
    }

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
