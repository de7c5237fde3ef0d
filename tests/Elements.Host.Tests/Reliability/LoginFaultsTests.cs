using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Elements.Host.Tests.Support;
using Elements.Wechat;
using Elements.WechatSandbox;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

/// <summary>
/// Issue #9, faults: a stream of mini-program logins over real HTTP against the sample app, with the in-process WeChat
/// sandbox failing a seeded share of the <c>jscode2session</c> calls (errcode -1, a delay past the client's timeout,
/// HTTP 500, malformed JSON, a dropped connection). Every login must either succeed or fail with a clear WeChat error
/// code, and the account tables, read directly afterwards, must hold no half-written state.
/// </summary>
public abstract class LoginFaultsTests(ITestOutputHelper output)
{
    /// <summary>The client's retries of transient failures (errcode -1, 5xx, dropped connections, attempt timeouts).</summary>
    public const int Retries = 2;

    /// <summary>The injected delay: past one attempt's timeout, and a hard delay fault (every attempt delayed)
    /// outlasts the call's whole timeout.</summary>
    public static readonly TimeSpan FaultDelay = TimeSpan.FromSeconds(2.5);

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    private const int Logins = 1000;
    private const int Clients = 16;
    private const int Users = 250;
    private const double FaultShare = 0.35;
    private const int Seed = 20261125;
    private const string MiniAppId = "wx0000000000demo03";
    private const string Api = "api/demo/SampleApp/";
    private const string MiniLogin = Api + "auths/loginTypes/myWeChatMiniLogin/";
    private const string AuthSvcLogin = Api + "auths/services/AuthSvc/login";

    private readonly ConcurrentBag<CallRecord> _calls = [];
    private readonly ConcurrentBag<string> _violations = [];
    private readonly ConcurrentDictionary<string, ConcurrentBag<long>> _userIds = new(StringComparer.Ordinal);
    private int _bindCodesIssued;
    private int _registered;
    private int _loginCodesIssued;
    private int _loggedIn;

    private protected abstract AccountDatabase Database { get; }

    [Fact]
    public async Task Thousand_logins_under_wechat_faults_succeed_or_fail_clearly_and_leave_no_half_written_rows()
    {
        using var copy = SampleAppCopy.Create();
        await Database.PrepareAsync(copy);
        try
        {
            await using (var host = await copy.StartAsync(new Dictionary<string, string?>(), services => services.PostConfigure<WechatOptions>(o =>
            {
                o.Timeout = CallTimeout;
                o.AttemptTimeout = AttemptTimeout;
                o.MaxRetryAttempts = Retries;
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
            })))
            {
                await RunStreamAsync(host);
            }

            AssertCallsBehaved();
            await using var connection = Database.Open();
            AssertConsistent(connection);
        }
        finally
        {
            await Database.CleanupAsync();
        }
    }

    private async Task RunStreamAsync(TestHost host)
    {
        var random = new Random(Seed);
        var plans = Enumerable.Range(0, Logins)
            .Select(i => new LoginPlan($"rel{random.Next(Users):D3}", WechatFault.Pick(random, FaultShare), WechatFault.Pick(random, FaultShare)))
            .ToArray();
        foreach (var user in plans.Select(p => p.User).Distinct())
        {
            await host.Sandbox.RegisterUserAsync(new SandboxUserRegistration { UserId = user, Nickname = user });
        }

        // One phone logs in one flow at a time; different users (and so different flows) run concurrently.
        var gates = plans.Select(p => p.User).Distinct().ToDictionary(u => u, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (plan, _) =>
        {
            var gate = gates[plan.User];
            await gate.WaitAsync();
            try
            {
                await LoginAsync(host, plan);
            }
            finally
            {
                gate.Release();
            }
        });
        clock.Stop();
        Report(clock.Elapsed);
    }

    /// <summary>wx.login → getLoginCode; a new user registers with the bindCode and logs in with a second wx.login;
    /// then AuthSvc.login exchanges the loginCode for a token.</summary>
    private async Task LoginAsync(TestHost host, LoginPlan plan)
    {
        var first = await GetLoginCodeAsync(host, plan, plan.First);
        if (first is null)
        {
            return;
        }

        JsonObject? withLoginCode = first;
        if (first["bindCode"] is { } bindCode)
        {
            Interlocked.Increment(ref _bindCodesIssued);
            var user = await CallAsync(host, MiniLogin + "register", new JsonObject { ["bindCode"] = (string?)bindCode }, WechatFault.None, "register");
            if (user is null)
            {
                return;
            }

            Interlocked.Increment(ref _registered);
            Seen(plan.User, (long)user["userId"]!);
            withLoginCode = await GetLoginCodeAsync(host, plan, plan.Second);
            if (withLoginCode is null)
            {
                return;
            }
        }

        if (withLoginCode["loginCode"] is not { } loginCode)
        {
            _violations.Add($"{plan.User}: getLoginCode after register answered {withLoginCode.ToJsonString()}");
            return;
        }

        Interlocked.Increment(ref _loginCodesIssued);
        Seen(plan.User, (long)withLoginCode["userId"]!);
        var session = await CallAsync(host, AuthSvcLogin, new JsonObject { ["loginCode"] = (string?)loginCode }, WechatFault.None, "login");
        if (session is not null)
        {
            Interlocked.Increment(ref _loggedIn);
            Seen(plan.User, (long)session["userId"]!);
            if (string.IsNullOrEmpty((string?)session["token"]))
            {
                _violations.Add($"{plan.User}: login answered no token");
            }
        }
    }

    private async Task<JsonObject?> GetLoginCodeAsync(TestHost host, LoginPlan plan, WechatFault fault)
    {
        var code = (await host.Sandbox.MintLoginCodeAsync(MiniAppId, plan.User)).Code;
        if (fault.ToSandboxFault(code) is { } injected)
        {
            await host.Sandbox.InjectFaultAsync(injected);
        }

        return await CallAsync(host, MiniLogin + "getLoginCode", new JsonObject { ["code"] = code }, fault, "getLoginCode");
    }

    /// <summary>One element API call; records its outcome against the fault planned for it and checks that a failure
    /// is a ProblemDetails whose code the fault explains.</summary>
    private async Task<JsonObject?> CallAsync(TestHost host, string path, JsonObject args, WechatFault fault, string step)
    {
        using var response = await host.Http.PostAsJsonAsync(path, args);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            _calls.Add(new CallRecord(step, fault, status, null));
            if (fault.Hard)
            {
                _violations.Add($"{step} with {fault.Label}: succeeded although every attempt was faulted");
            }

            return JsonNode.Parse(text)!.AsObject();
        }

        var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? (string?)JsonNode.Parse(text)?["code"] ?? "(problem without code)"
            : $"(HTTP {status} {response.Content.Headers.ContentType?.MediaType}, not a problem)";
        _calls.Add(new CallRecord(step, fault, status, code));
        var expected = fault.Hard || (fault.Kind == WechatFaultKind.Delay && code == "WECHAT_TIMEOUT");
        if (!expected || code != fault.ExpectedCode || status != ExpectedStatus(code))
        {
            _violations.Add($"{step} with {fault.Label}: HTTP {status} {code}");
        }

        return null;
    }

    private static int ExpectedStatus(string code) => code switch
    {
        "WECHAT_-1" => 503,
        "WECHAT_TIMEOUT" => 504,
        _ => 502,
    };

    private void Seen(string user, long userId) => _userIds.GetOrAdd(user, _ => []).Add(userId);

    private void AssertCallsBehaved()
    {
        Assert.True(_violations.IsEmpty, $"{_violations.Count} call(s) misbehaved, e.g.:\n" + string.Join("\n", _violations.Take(15)));
        Assert.DoesNotContain(_calls, c => c.Status >= 500 && !c.Code!.StartsWith("WECHAT_", StringComparison.Ordinal));

        // One WeChat user, one account: every answer about a WeChat user named the same userId, and no two share one.
        Assert.All(_userIds, pair => Assert.Single(pair.Value.Distinct()));
        var ids = _userIds.Values.Select(v => v.First()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(_loggedIn > Logins / 2, $"only {_loggedIn} of {Logins} logins succeeded");
    }

    /// <summary>
    /// The account tables as the database holds them:
    /// <list type="number">
    /// <item>no binding (auth row) without its user;</item>
    /// <item>no user without a binding (users here are only made by register, which binds in the same transaction);</item>
    /// <item>every consumed bindCode made exactly one user: consumed bindCodes = users = successful registers, and
    /// every bindCode a client received exists (none half-issued);</item>
    /// <item>no loginCode consumed without its session and no session without a consumed loginCode, per user;</item>
    /// <item>the loginCode and session rows are exactly those the clients saw.</item>
    /// </list>
    /// </summary>
    private void AssertConsistent(DbConnection db)
    {
        var orphanBindings = db.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM auths_wechat_mini_auth a WHERE NOT EXISTS (SELECT 1 FROM auths_user u WHERE u."userId" = a."userId")
            """);
        var usersWithoutBinding = db.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM auths_user u WHERE NOT EXISTS (SELECT 1 FROM auths_wechat_mini_auth a WHERE a."userId" = u."userId")
            """);
        var users = db.ExecuteScalar<long>("SELECT COUNT(*) FROM auths_user");
        var bindings = db.ExecuteScalar<long>("SELECT COUNT(*) FROM auths_wechat_mini_auth");
        var bindCodes = db.ExecuteScalar<long>("SELECT COUNT(*) FROM auths_bind_code");
        var consumedBindCodes = db.ExecuteScalar<long>("""SELECT COUNT(*) FROM auths_bind_code WHERE "consumedAt" IS NOT NULL""");
        var loginCodes = db.ExecuteScalar<long>("SELECT COUNT(*) FROM auths_login_code");
        var consumedLoginCodes = db.ExecuteScalar<long>("""SELECT COUNT(*) FROM auths_login_code WHERE "consumedAt" IS NOT NULL""");
        var sessions = db.ExecuteScalar<long>("SELECT COUNT(*) FROM auths_session");
        var codeSessionMismatches = db.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM auths_user u
            WHERE (SELECT COUNT(*) FROM auths_login_code c WHERE c."userId" = u."userId" AND c."consumedAt" IS NOT NULL)
               <> (SELECT COUNT(*) FROM auths_session s WHERE s."userId" = u."userId")
            """);
        var sessionsWithoutUser = db.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM auths_session s WHERE NOT EXISTS (SELECT 1 FROM auths_user u WHERE u."userId" = s."userId")
            """);

        output.WriteLine($"[{Database.Provider}] rows: users {users}, bindings {bindings}, bindCodes {bindCodes} ({consumedBindCodes} consumed), " +
            $"loginCodes {loginCodes} ({consumedLoginCodes} consumed), sessions {sessions}");
        Assert.Equal(0, orphanBindings);
        Assert.Equal(0, usersWithoutBinding);
        Assert.Equal(0, sessionsWithoutUser);
        Assert.Equal(0, codeSessionMismatches);
        Assert.Equal(_registered, users);
        Assert.Equal(users, bindings);
        Assert.Equal(_registered, consumedBindCodes);
        Assert.Equal(_bindCodesIssued, bindCodes);
        Assert.Equal(_loginCodesIssued, loginCodes);
        Assert.Equal(_loggedIn, consumedLoginCodes);
        Assert.Equal(_loggedIn, sessions);
        Assert.Equal(_userIds.Count, users);
    }

    private void Report(TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine($"[{Database.Provider}] {Logins} logins ({Clients} clients, {Users} WeChat users, seed {Seed}) in {elapsed.TotalSeconds:0.0} s: " +
            $"{_loggedIn} succeeded, {Logins - _loggedIn} failed; {_registered} registered");
        foreach (var group in _calls.Where(c => c.Step == "getLoginCode").GroupBy(c => c.Fault.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var failures = string.Join(", ", group.Where(c => c.Code is not null).GroupBy(c => c.Code).Select(g => $"{g.Key} x{g.Count()}"));
            text.AppendLine($"  jscode2session fault {group.Key,-26} calls {group.Count(),4}: ok {group.Count(c => c.Code is null),4}, failed {group.Count(c => c.Code is not null),4} {failures}");
        }

        output.WriteLine(text.ToString());
    }

    private sealed record LoginPlan(string User, WechatFault First, WechatFault Second);

    private sealed record CallRecord(string Step, WechatFault Fault, int Status, string? Code);
}
