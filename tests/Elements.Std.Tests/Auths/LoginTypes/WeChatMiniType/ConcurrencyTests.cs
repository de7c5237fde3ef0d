using System.Text.Json.Nodes;
using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Std.Tests.Auths.LoginTypes.WeChatMiniType;

/// <summary>Races that must leave exactly one winner, on SQLite and PostgreSQL.</summary>
public abstract class ConcurrencyTests(IAppDatabase database) : AuthTestBase(database)
{
    [Fact]
    public async Task Two_hundred_parallel_redemptions_of_one_loginCode_yield_one_session()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var code = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["loginCode"]!;
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                return (await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = code }))["token"]!.GetValue<string>();
            }
            catch (ElementException ex)
            {
                return "error:" + ex.Code;
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);
        Assert.Single(results, r => !r.StartsWith("error:", StringComparison.Ordinal));
        Assert.Equal(199, results.Count(r => r == "error:AUTH_LOGIN_CODE_USED"));
        Assert.Equal(1, await CountAsync("auths_session", $"\"userId\" = {userId}"));
    }

    [Fact]
    public async Task Two_hundred_parallel_registers_with_one_bindCode_create_one_user()
    {
        var bindCode = (string)(await WeChatLoginAsync(LoginA, MiniA, "bob"))["bindCode"]!;
        var users = await CountAsync("auths_user");
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            try
            {
                return "user:" + (long)(await InvokeObjectAsync(LoginA, "register", new JsonObject { ["bindCode"] = bindCode }))["userId"]!;
            }
            catch (ElementException ex)
            {
                return "error:" + ex.Code;
            }
        })));
        Assert.Single(results, r => r.StartsWith("user:", StringComparison.Ordinal));
        Assert.Equal(199, results.Count(r => r == "error:AUTH_BIND_CODE_USED"));
        Assert.Equal(users + 1, await CountAsync("auths_user"));
        Assert.Equal(1, await CountAsync("auths_wechat_mini_auth", $"\"openid\" = '{await OpenIdAsync(MiniA, "bob")}'"));
    }

    [Fact]
    public async Task Parallel_registers_of_one_openid_with_different_bindCodes_create_one_user()
    {
        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((string)(await WeChatLoginAsync(LoginA, MiniA, "carol"))["bindCode"]!);
        }

        var users = await CountAsync("auths_user");
        var results = await Task.WhenAll(codes.Select(code => Task.Run(async () =>
        {
            try
            {
                await InvokeAsync(LoginA, "register", new JsonObject { ["bindCode"] = code });
                return "ok";
            }
            catch (ElementException ex)
            {
                return ex.Code;
            }
        })));
        Assert.Single(results, r => r == "ok");
        Assert.All(results.Where(r => r != "ok"), r => Assert.Equal("AUTH_ALREADY_REGISTERED", r));
        Assert.Equal(users + 1, await CountAsync("auths_user"));
        Assert.Equal(1, await CountAsync("auths_wechat_mini_auth", $"\"openid\" = '{await OpenIdAsync(MiniA, "carol")}'"));
    }

    [Fact]
    public async Task Parallel_first_logins_of_one_new_openid_leave_one_auth_row()
    {
        // alice is registered on A; her first logins on B (linked by unionid) race to create B's binding
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var codes = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            codes.Add(await MintAsync(MiniB, "alice"));
        }

        var results = await Task.WhenAll(codes.Select(code => Task.Run(() =>
            InvokeObjectAsync(LoginB, "getLoginCode", new JsonObject { ["code"] = code }))));
        Assert.All(results, r => Assert.Equal(userId, (long)r["userId"]!));
        Assert.All(results, r => Assert.NotNull(r["loginCode"]));
        Assert.Equal(1, await CountAsync("auths_wechat_mini_auth", $"\"appId\" = '{MiniB}'"));

        // a brand-new openid logging in twice at once: two bindCodes, no auth row at all until register
        var fresh = await Task.WhenAll(new[] { await MintAsync(MiniB, "dave"), await MintAsync(MiniB, "dave") }
            .Select(code => Task.Run(() => InvokeObjectAsync(LoginB, "getLoginCode", new JsonObject { ["code"] = code }))));
        Assert.All(fresh, r => Assert.NotNull(r["bindCode"]));
        Assert.Equal(1, await CountAsync("auths_wechat_mini_auth", $"\"appId\" = '{MiniB}'"));
    }

    [Fact]
    public async Task Parallel_binds_of_one_openid_to_two_users_bind_one()
    {
        var u1 = await RegisterPasswordUserAsync("race.one");
        var u2 = await RegisterPasswordUserAsync("race.two");
        var c1 = await MintAsync(MiniA, "erin");
        var c2 = await MintAsync(MiniA, "erin");
        var results = await Task.WhenAll(new[] { (u1, c1), (u2, c2) }.Select(p => Task.Run(async () =>
        {
            try
            {
                await InvokeAsync(LoginA, "bind", new JsonObject { ["userId"] = p.Item1, ["code"] = p.Item2 });
                return "ok";
            }
            catch (ElementException ex)
            {
                return ex.Code;
            }
        })));
        Assert.Single(results, r => r == "ok");
        Assert.Single(results, r => r == "AUTH_OPENID_BOUND_TO_OTHER_USER");
        Assert.Equal(1, await CountAsync("auths_wechat_mini_auth", $"\"openid\" = '{await OpenIdAsync(MiniA, "erin")}'"));
    }
}

public sealed class SqliteConcurrencyTests() : ConcurrencyTests(new SqliteAppDatabase());

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresServer server) : ConcurrencyTests(new PostgresAppDatabase(server));
