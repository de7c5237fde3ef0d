using System.Text.Json.Nodes;
using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;
using Elements.WeChat.Errors;
using Elements.WeChatSandbox.Contracts;

namespace Elements.Std.Tests.Auths.LoginTypes.WeChatMiniType;

/// <summary>WeChat failures surface with their errcode and change nothing in the database.</summary>
public abstract class WeChatErrorTests(IAppDatabase database) : AuthTestBase(database)
{
    [Fact]
    public async Task Invalid_code_40029_changes_nothing()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var before = await SnapshotAsync();
        var login = await FailsAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = "0a1b2c3d4e5f-not-a-real-code" });
        AssertWeChat(login, 40029);
        var bind = await FailsAsync(LoginA, "bind", new JsonObject { ["userId"] = userId, ["code"] = "0a1b2c3d4e5f-not-a-real-code" });
        AssertWeChat(bind, 40029);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Used_code_40163_changes_nothing()
    {
        var code = await MintAsync(MiniA, "bob");
        await InvokeAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = code });
        var before = await SnapshotAsync();
        AssertWeChat(await FailsAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = code }), 40163);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Rate_limit_45011_changes_nothing_for_login_register_and_bind()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var pw = await RegisterPasswordUserAsync("limited");
        var before = await SnapshotAsync();
        await Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Count = 3, Errcode = 45011 });
        AssertWeChat(await FailsAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = await MintAsync(MiniA, "alice") }), 45011);
        AssertWeChat(await FailsAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = await MintAsync(MiniA, "carol") }), 45011);
        AssertWeChat(await FailsAsync(LoginA, "bind", new JsonObject { ["userId"] = pw, ["code"] = await MintAsync(MiniA, "bob") }), 45011);
        Assert.Equal(before, await SnapshotAsync());
        // once WeChat answers again, the same flows work
        Assert.Equal(userId, (long)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["userId"]!);
    }

    [Fact]
    public async Task Busy_and_transport_failures_surface_with_codes()
    {
        await Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Count = 10, Errcode = -1 });
        var before = await SnapshotAsync();
        var busy = await FailsAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = await MintAsync(MiniA, "alice") });
        Assert.Equal("WECHAT_-1", busy.Code);
        Assert.Equal(before, await SnapshotAsync());
    }

    private static void AssertWeChat(ElementException error, int errcode)
    {
        Assert.Equal($"WECHAT_{errcode}", error.Code);
        var wechat = Assert.IsAssignableFrom<WeChatException>(error);
        Assert.Equal(errcode, wechat.Errcode);
        Assert.Equal(errcode, (int)error.Details!["errcode"]!);
    }
}

public sealed class SqliteWeChatErrorTests() : WeChatErrorTests(new SqliteAppDatabase());

[Collection(PostgresCollection.Name)]
public sealed class PostgresWeChatErrorTests(PostgresServer server) : WeChatErrorTests(new PostgresAppDatabase(server));
