using System.Net;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Reliability;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Security.Hostile;

/// <summary>
/// Issue #14's findings, each tried again over real HTTP on the sample app as the hostile caller did, now failing
/// closed. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class HostileCallerTests : IAsyncLifetime
{
    private SampleAppCopy _copy = null!;
    private TestHost _host = null!;

    private protected abstract AccountDatabase Database { get; }

    private protected HostileCaller Caller { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _copy = SampleAppCopy.Create();
        await Database.PrepareAsync(_copy);
        _host = await _copy.StartAsync();
        Caller = new HostileCaller(_host);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _copy.Dispose();
        await Database.CleanupAsync();
    }

    [Fact]
    public async Task A_user_can_neither_read_nor_change_nor_delete_other_users()
    {
        var (alice, _) = await Caller.SignUpAsync("alice");
        var (_, bob) = await Caller.SignUpAsync("bob");
        const string users = "auths/models/UserModel/";
        var attempts = new (string Function, JsonObject Args)[]
        {
            ("query", []),
            ("get", new JsonObject { ["filter"] = $"Q(userId={alice})" }),
            ("updateByPK", new JsonObject { ["pkList"] = new JsonArray(alice), ["updateData"] = new JsonObject { ["name"] = "pwned" } }),
            ("updateByFilter", new JsonObject { ["filter"] = "Q(userId>0)", ["updateData"] = new JsonObject { ["name"] = "pwned" } }),
            ("deleteByPK", new JsonObject { ["pkList"] = new JsonArray(alice) }),
            ("deleteByFilter", new JsonObject { ["filter"] = "Q(userId>0)" }),
            // Exhausting AUTOINCREMENT made every later registration fail.
            ("create", new JsonObject { ["rowData"] = new JsonObject { ["userId"] = long.MaxValue } }),
        };
        foreach (var (function, args) in attempts)
        {
            await Caller.ForbiddenAsync(users + function, args, bob);
            await Caller.RefusedAsync(users + function, args, null, HttpStatusCode.Unauthorized, "EL_UNAUTHENTICATED");
        }

        var rows = await Caller.UsersAsync();
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(rows, r => (string?)r!["name"] == "pwned");
        await Caller.SignUpAsync("carol");
        Assert.Contains(await Caller.UsersAsync(), r => (long)r!["userId"]! > alice);
    }

    [Theory]
    [InlineData("auths/loginTypes/PasswordType/register")]
    [InlineData("auths/loginTypes/PasswordType/getLoginCode")]
    [InlineData("auths/loginTypes/WechatPublicType/login")]
    [InlineData("auths/loginTypes/Meta/getLoginCode")]
    [InlineData("models/NormalType/query")]
    [InlineData("roles/services/RoleSvcType/addMember")]
    [InlineData("auths/models/SessionModel/query")]
    [InlineData("auths/models/LoginCodeModel/create")]
    [InlineData("auths/loginTypes/Passwords/PasswordAuthModel/query")]
    [InlineData("auths/loginTypes/Passwords/PasswordThrottleModel/deleteByFilter")]
    [InlineData("wechat/models/AccessTokenModel/query")]
    [InlineData("auths/loginTypes/WechatPublicType/services/WechatPublicAuthSvc/getUserInfo")]
    [InlineData("profiles/models/LinkRequestModel/query")]
    public async Task Types_metas_and_internal_elements_answer_exactly_like_unknown_ones(string path)
    {
        var (_, admin) = await Caller.SignUpAdminAsync("root");
        var fullName = string.Join('.', path.Split('/')[..^1]);
        var args = new JsonObject { ["username"] = "mallory", ["password"] = HostileCaller.Password };

        foreach (var token in new[] { null, admin })
        {
            var detail = await Caller.RefusedAsync(path, args, token, HttpStatusCode.NotFound, "EL_UNKNOWN_ELEMENT");
            Assert.Equal($"unknown element '{fullName}'", detail);
        }

        // The same words as a name that was never there: nothing tells them apart.
        Assert.Equal("unknown element 'auths.loginTypes.Nothing'",
            await Caller.RefusedAsync("auths/loginTypes/Nothing/register", args, null, HttpStatusCode.NotFound, "EL_UNKNOWN_ELEMENT"));
        Assert.Single(await Caller.UsersAsync());
    }

    [Fact]
    public async Task Organisation_membership_cannot_be_forged()
    {
        var (alice, _) = await Caller.SignUpAsync("alice");
        var (_, bob) = await Caller.SignUpAsync("bob");

        await Caller.ForbiddenAsync("corps/models/CorpMember/create",
            new JsonObject { ["rowData"] = new JsonObject { ["corpId"] = 1, ["userId"] = alice, ["role"] = "owner" } }, bob);
        await Caller.ForbiddenAsync("corps/models/CorpModel/create", new JsonObject { ["rowData"] = new JsonObject { ["name"] = "Evil" } }, bob);

        var members = await Caller.App.InvokeAsync("corps.models.CorpMember", "query", []);
        Assert.Equal(0L, (long)members!["totalCount"]!);
    }

    [Fact]
    public async Task Messaging_and_profile_sync_are_administrators_functions()
    {
        var (_, bob) = await Caller.SignUpAsync("bob");
        var (_, admin) = await Caller.SignUpAdminAsync("root");
        var send = new JsonObject { ["openid"] = "o-someone-else", ["content"] = "hi" };
        var sync = new JsonObject { ["openid"] = "o-someone-else" };
        const string messages = "messages/MyCustomService/sendText";
        const string syncUserInfo = "auths/loginTypes/MyWechatLogin/services/WechatPublicAuthSvc/syncUserInfo";

        await Caller.ForbiddenAsync(messages, send, bob);
        await Caller.ForbiddenAsync(syncUserInfo, sync, bob);
        await Caller.RefusedAsync(messages, send, null, HttpStatusCode.Unauthorized, "EL_UNAUTHENTICATED");

        // An administrator passes the permission check and reaches the function (which then asks WeChat, whose
        // sandbox knows no such openid): the refusal above was the roles', not the function's.
        using var asAdmin = await Caller.SendAsync(messages, send, admin);
        Assert.NotEqual(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, asAdmin.StatusCode);
    }

    [Fact]
    public async Task Roles_are_granted_by_administrators_only_and_take_effect_at_once()
    {
        var (bobId, bob) = await Caller.SignUpAsync("bob");
        var (_, admin) = await Caller.SignUpAdminAsync("root");
        var grant = new JsonObject { ["userId"] = bobId, ["roleName"] = "roles.Admin" };
        const string users = "auths/models/UserModel/query";

        await Caller.ForbiddenAsync("roles/services/RoleSvc/addMember", grant, bob);
        await Caller.ForbiddenAsync("roles/models/AppRoleMemberModel/create",
            new JsonObject { ["rowData"] = new JsonObject { ["userId"] = bobId, ["roleName"] = "roles.Admin" } }, bob);
        await Caller.ForbiddenAsync(users, [], bob);
        var before = await Caller.CallOkAsync("roles/services/RoleSvc/getMyPermissions", [], bob);
        Assert.DoesNotContain("auths.models.UserModel.query", Functions(before));
        Assert.Contains("auths.services.AuthSvc.logout", Functions(before));

        Assert.True((bool)(await Caller.CallOkAsync("roles/services/RoleSvc/addMember", grant, admin))!["added"]!);
        Assert.Equal(2L, (long)(await Caller.CallOkAsync(users, [], bob))!["totalCount"]!);
        Assert.Contains("auths.models.UserModel.query", Functions(await Caller.CallOkAsync("roles/services/RoleSvc/getMyPermissions", [], bob)));

        Assert.True((bool)(await Caller.CallOkAsync("roles/services/RoleSvc/removeMember", grant, admin))!["removed"]!);
        await Caller.ForbiddenAsync(users, [], bob);
        // A role that does not take members cannot be handed out.
        await Caller.RefusedAsync("roles/services/RoleSvc/addMember", new JsonObject { ["userId"] = bobId, ["roleName"] = "roles.Anonymous" },
            admin, HttpStatusCode.UnprocessableEntity, "ROLE_UNKNOWN");
    }

    [Fact]
    public async Task A_user_reads_only_its_own_roles()
    {
        var (aliceId, _) = await Caller.SignUpAsync("alice");
        var (bobId, bob) = await Caller.SignUpAsync("bob");

        var own = (await Caller.CallOkAsync("roles/services/RoleSvc/getUserRoles", new JsonObject { ["userId"] = bobId }, bob))!.AsArray();
        Assert.Equal(["roles.Anonymous", "roles.Authenticated", "roles.TodoUsers"], own.Select(r => (string)r!["roleName"]!).Order(StringComparer.Ordinal));
        await Caller.ForbiddenAsync("roles/services/RoleSvc/getUserRoles", new JsonObject { ["userId"] = aliceId }, bob);
    }

    [Fact]
    public async Task A_stale_or_forged_token_is_refused_even_where_anonymous_callers_are_welcome()
    {
        var (_, bob) = await Caller.SignUpAsync("bob");
        await Caller.CallOkAsync("auths/services/AuthSvc/logout", new JsonObject { ["token"] = bob });

        await Caller.RefusedAsync("roles/services/RoleSvc/getMyPermissions", [], bob, HttpStatusCode.Unauthorized, "EL_INVALID_SESSION");
        await Caller.RefusedAsync("roles/services/RoleSvc/getMyPermissions", [], "forged-token-0123456789abcdef", HttpStatusCode.Unauthorized,
            "EL_INVALID_SESSION");
        var anonymous = await Caller.CallOkAsync("roles/services/RoleSvc/getMyPermissions", []);
        Assert.Equal(["roles.Anonymous"], anonymous!["roles"]!.AsArray().Select(r => (string)r!));
    }

    private static IEnumerable<string> Functions(JsonNode? permissions) => permissions!["functions"]!.AsArray().Select(f => (string)f!);
}
