using System.Text.Json.Nodes;
using Elements.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Elements.Reliability.Tests;

/// <summary>
/// Issue #9, "two nodes": state that must be shared between host processes is (sessions, login and bind codes, the
/// WeChat access token and its refresh lease), because it lives in the shared PostgreSQL database.
/// </summary>
public sealed class TwoNodeTests(TwoNodeCluster cluster, ITestOutputHelper output) : IClassFixture<TwoNodeCluster>
{
    private const string StableTokenPath = "/cgi-bin/stable_token";
    private const string ClassicTokenPath = "/cgi-bin/token";

    private SharedSandbox Sandbox => cluster.Sandbox;

    private ElementApiClient A => cluster.A.Api;

    private ElementApiClient B => cluster.B.Api;

    [Fact]
    public async Task Both_nodes_start_at_once_on_an_empty_database_and_are_healthy()
    {
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            using var response = await node.Api.Http.GetAsync("healthz");
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"node {node.Name} at {node.BaseUri}: {(int)response.StatusCode} {body}");
            Assert.True(response.IsSuccessStatusCode, body);
            // Racing each other through the schema sync of every model must not have failed anything.
            Assert.True(node.ErrorLines == 0, $"node {node.Name} logged errors:\n{node.OutputTail}");
        }

        Assert.NotEqual(cluster.A.BaseUri.Port, cluster.B.BaseUri.Port);
    }

    [Fact]
    public async Task A_login_begun_on_node_A_completes_on_node_B()
    {
        await Sandbox.AddUserAsync("cross-node");

        // wx.login → getLoginCode on A: a new user gets a bindCode, stored with the session_key encrypted by A.
        var begun = await A.InvokeAsync(ElementApiClient.MiniLogin, "getLoginCode",
            new JsonObject { ["code"] = await Sandbox.MintLoginCodeAsync("cross-node") });
        var bindCode = begun["bindCode"]!.GetValue<string>();

        // B redeems it: B must read (and decrypt) what A stored.
        var user = await B.InvokeAsync(ElementApiClient.MiniLogin, "register", new JsonObject { ["bindCode"] = bindCode });
        var userId = user["userId"]!.GetValue<long>();
        var replay = await A.CallAsync(ElementApiClient.MiniLogin, "register", new JsonObject { ["bindCode"] = bindCode });
        Assert.Equal(422, replay.Status);
        Assert.Equal("AUTH_BIND_CODE_USED", replay.Code);

        // The next login: loginCode from B, session from A, the session used on B.
        var (loginCode, loginUserId) = await MiniProgram.GetLoginCodeAsync(Sandbox, B, "cross-node");
        Assert.Equal(userId, loginUserId);
        var session = await A.InvokeAsync(ElementApiClient.AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode });
        var token = session["token"]!.GetValue<string>();
        Assert.Equal(userId, session["userId"]!.GetValue<long>());

        var current = await B.InvokeAsync(ElementApiClient.AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token });
        Assert.Equal(userId, current["userId"]!.GetValue<long>());
        var read = await B.CallAsync(ElementApiClient.Todo, "query", new JsonObject { ["page"] = 1, ["size"] = 5 }, token);
        Assert.True(read.IsSuccess, read.ToString());

        // Logged out on B, the session is gone on A too.
        await B.InvokeAsync(ElementApiClient.AuthSvc, "logout", new JsonObject { ["token"] = token });
        var after = await A.CallAsync(ElementApiClient.Todo, "query", new JsonObject { ["page"] = 1, ["size"] = 5 }, token);
        Assert.Equal(401, after.Status);
    }

    [Fact]
    public async Task Parallel_message_sends_over_both_nodes_make_exactly_one_access_token_request()
    {
        const int sends = 200;
        var openid = await Sandbox.AddUserAsync("messages");
        await MiniProgram.RegisterAsync(Sandbox, A, A, "messages");
        var token = await MiniProgram.LoginAsync(Sandbox, B, "messages");
        Assert.Equal(0, await Sandbox.Control.GetCallCountAsync(StableTokenPath));

        // All at once, alternating nodes: each node's callers race their own single flight, and the nodes race each
        // other for the refresh lease in the database.
        var results = await Task.WhenAll(Enumerable.Range(0, sends).Select(i => (i % 2 == 0 ? A : B).CallAsync(
            ElementApiClient.Messages, "sendText", new JsonObject { ["openid"] = openid, ["content"] = $"message {i}" }, token)));

        var failures = results.Where(r => !r.IsSuccess).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {sends} sends failed, e.g. {failures.FirstOrDefault()}\nnode A:\n{cluster.A.OutputTail}\nnode B:\n{cluster.B.OutputTail}");
        var counts = await Sandbox.Control.GetCallCountsAsync();
        output.WriteLine($"sandbox calls: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}");
        output.WriteLine($"send latency ms: p50 {Percentile(results, 0.5):0.0}, max {results.Max(r => r.Milliseconds):0.0}");
        Assert.Equal(1, counts.GetValueOrDefault(StableTokenPath));
        Assert.Equal(0, counts.GetValueOrDefault(ClassicTokenPath));
        Assert.Equal(sends, counts.GetValueOrDefault("/cgi-bin/message/custom/send"));
        var delivered = (await Sandbox.Control.GetMessagesAsync(SharedSandbox.OfficialAppId)).Count(m => m.UserId == "messages");
        Assert.Equal(sends, delivered);
    }

    [Fact]
    public async Task A_login_code_redeemed_on_both_nodes_at_once_succeeds_once()
    {
        const int rounds = 50;
        // Several WeChat users: the sandbox allows 100 wx.login codes per user and minute, as WeChat does.
        var users = Enumerable.Range(0, 5).Select(i => $"race{i}").ToArray();
        foreach (var user in users)
        {
            await Sandbox.AddUserAsync(user);
            await MiniProgram.RegisterAsync(Sandbox, A, B, user);
        }

        var wins = new Dictionary<string, int> { ["A"] = 0, ["B"] = 0 };
        for (var round = 0; round < rounds; round++)
        {
            var (loginCode, userId) = await MiniProgram.GetLoginCodeAsync(Sandbox, round % 2 == 0 ? A : B, users[round % users.Length]);
            var args = new JsonObject { ["loginCode"] = loginCode };
            var both = await Task.WhenAll(A.CallAsync(ElementApiClient.AuthSvc, "login", args), B.CallAsync(ElementApiClient.AuthSvc, "login", (JsonObject)args.DeepClone()));

            var won = both.Where(r => r.IsSuccess).ToList();
            var lost = both.Where(r => !r.IsSuccess).ToList();
            Assert.True(won.Count == 1, $"round {round}: {won.Count} successes: {both[0]} | {both[1]}");
            Assert.Equal(userId, won[0].Object["userId"]!.GetValue<long>());
            Assert.False(string.IsNullOrEmpty(won[0].Object["token"]?.GetValue<string>()));
            Assert.Equal(422, lost[0].Status);
            Assert.Equal("AUTH_LOGIN_CODE_USED", lost[0].Code);
            wins[both[0].IsSuccess ? "A" : "B"]++;
        }

        output.WriteLine($"{rounds} codes redeemed on both nodes at once: node A won {wins["A"]}, node B won {wins["B"]}; every loser got AUTH_LOGIN_CODE_USED");
    }

    private static double Percentile(IReadOnlyList<ApiResult> results, double q)
    {
        var sorted = results.Select(r => r.Milliseconds).Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
