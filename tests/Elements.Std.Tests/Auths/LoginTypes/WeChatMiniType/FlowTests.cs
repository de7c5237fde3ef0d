using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Elements.Std.Auths;
using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Auths.LoginTypes.WeChatMiniType;

/// <summary>The flow and the account core, through <see cref="ElementApp"/>, on SQLite and PostgreSQL.</summary>
public abstract class FlowTests(IAppDatabase database) : AuthTestBase(database)
{
    [Fact]
    public async Task Full_flow_register_login_session_bind_unbind_decrypt()
    {
        // 1. an unknown WeChat user gets a bindCode
        var first = await WeChatLoginAsync(LoginA, MiniA, "alice");
        Assert.Equal(["bindCode"], first.Select(p => p.Key));
        var bindCode = (string)first["bindCode"]!;
        Assert.True(bindCode.Length >= 22);

        // 2. register creates the user row
        var user = await InvokeObjectAsync(LoginA, "register", new JsonObject { ["bindCode"] = bindCode });
        var userId = (long)user["userId"]!;
        Assert.True(userId > 0);
        Assert.NotNull(user["createdAt"]);
        Assert.Equal(1, await CountAsync("auths_wechat_mini_auth", $"\"userId\" = {userId} AND \"appId\" = '{MiniA}' AND \"openid\" = '{await OpenIdAsync(MiniA, "alice")}'"));

        // 3. a second login returns a loginCode, the corp list and the user id
        var second = await WeChatLoginAsync(LoginA, MiniA, "alice");
        Assert.Equal(userId, (long)second["userId"]!);
        Assert.Empty(second["corpList"]!.AsArray());
        var loginCode = (string)second["loginCode"]!;

        // 4. AuthSvc.login gives a session; getCurrentUser knows it
        var session = await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode });
        Assert.Equal(userId, (long)session["userId"]!);
        var token = (string)session["token"]!;
        Assert.True(DateTimeOffset.Parse((string)session["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddDays(6));
        var current = await InvokeObjectAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token });
        Assert.Equal(userId, (long)current["userId"]!);

        // 5. bind / unbind with a password user
        var pwUser = await RegisterPasswordUserAsync("bob.pw");
        var bound = await InvokeObjectAsync(LoginA, "bind", new JsonObject { ["userId"] = pwUser, ["code"] = await MintAsync(MiniA, "bob") });
        Assert.Equal(pwUser, (long)bound["userId"]!);
        Assert.Equal(await OpenIdAsync(MiniA, "bob"), (string)bound["openid"]!);
        Assert.Equal(MiniA, (string)bound["appId"]!);
        var bobLogin = await WeChatLoginAsync(LoginA, MiniA, "bob");
        Assert.Equal(pwUser, (long)bobLogin["userId"]!);
        var unbound = await InvokeObjectAsync(LoginA, "unbind", new JsonObject { ["userId"] = pwUser });
        Assert.True((bool)unbound["unbound"]!);
        var again = await FailsAsync(LoginA, "unbind", new JsonObject { ["userId"] = pwUser });
        Assert.Equal("AUTH_NOT_BOUND", again.Code);
        // after unbinding, bob is a stranger again
        Assert.NotNull((await WeChatLoginAsync(LoginA, MiniA, "bob"))["bindCode"]);

        // 6. decryptUserData returns the sandbox's profile, with the session_key of alice's latest login
        var profile = await Control.EncryptUserProfileAsync(MiniA, "alice");
        var data = await InvokeObjectAsync(LoginA, "decryptUserData", new JsonObject
        {
            ["userId"] = userId, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv,
            ["rawData"] = profile.RawData, ["signature"] = profile.Signature,
        });
        Assert.Equal("爱丽丝", (string)data["nickName"]!);
        Assert.Equal(await OpenIdAsync(MiniA, "alice"), (string)data["openId"]!);
        Assert.Equal(MiniA, (string)data["watermark"]!["appid"]!);

        // 7. logout ends the session
        Assert.True((bool)(await InvokeObjectAsync(AuthSvc, "logout", new JsonObject { ["token"] = token }))["loggedOut"]!);
        Assert.Null(await InvokeAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token }));
        Assert.False((bool)(await InvokeObjectAsync(AuthSvc, "logout", new JsonObject { ["token"] = token }))["loggedOut"]!);
    }

    [Fact]
    public async Task Logins_are_measured_with_their_login_type_and_outcome()
    {
        var factory = App.Services.GetRequiredService<IMeterFactory>();
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string? LoginType, string? Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == AuthTelemetry.LoginDurationInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            seen.Add(((string?)map.GetValueOrDefault(AuthTelemetry.LoginTypeTag), (string?)map.GetValueOrDefault(AuthTelemetry.OutcomeTag)));
        });
        listener.Start();
        await RegisterWeChatUserAsync(LoginA, MiniA, "dave");
        var loginCode = (string)(await WeChatLoginAsync(LoginA, MiniA, "dave"))["loginCode"]!;

        await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode });
        Assert.Equal("AUTH_LOGIN_CODE_USED", (await FailsAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode })).Code);

        Assert.Equal(2, seen.Count);
        Assert.Contains((LoginA, "ok"), seen);
        Assert.Contains(((string?)null, "AUTH_LOGIN_CODE_USED"), seen);
    }

    [Fact]
    public async Task Login_returns_the_corp_list_with_roles()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "carol");
        var corpA = await InvokeObjectAsync(Corps, "createCorp", new JsonObject { ["name"] = "Acme" });
        var corpB = await InvokeObjectAsync(Corps, "createCorp", new JsonObject { ["name"] = "Globex" });
        await InvokeAsync(Corps, "addMember", new JsonObject { ["corpId"] = corpA["corpId"]!.DeepClone(), ["userId"] = userId, ["role"] = "admin" });
        await InvokeAsync(Corps, "addMember", new JsonObject { ["corpId"] = corpB["corpId"]!.DeepClone(), ["userId"] = userId });
        var login = await WeChatLoginAsync(LoginA, MiniA, "carol");
        var list = login["corpList"]!.AsArray();
        Assert.Equal(2, list.Count);
        Assert.Equal("Acme", (string)list[0]!["name"]!);
        Assert.Equal("admin", (string)list[0]!["role"]!);
        Assert.Equal((long)corpA["corpId"]!, (long)list[0]!["corpId"]!);
        Assert.Equal("member", (string)list[1]!["role"]!);
        var removed = await InvokeObjectAsync(Corps, "removeMember", new JsonObject { ["corpId"] = corpA["corpId"]!.DeepClone(), ["userId"] = userId });
        Assert.True((bool)removed["removed"]!);
        Assert.Single((await InvokeAsync(Corps, "getCorpList", new JsonObject { ["userId"] = userId }))!.AsArray());
    }

    [Fact]
    public async Task LoginCode_is_single_use_and_expires()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var code = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["loginCode"]!;
        await InvokeAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = code });
        Assert.Equal("AUTH_LOGIN_CODE_USED", (await FailsAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = code })).Code);
        Assert.Equal("AUTH_LOGIN_CODE_INVALID", (await FailsAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).Code);
        Assert.Equal("AUTH_LOGIN_CODE_INVALID", (await FailsAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = "' OR 1=1 --" })).Code);

        var late = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["loginCode"]!;
        await ExecAsync(Database.Provider == "sqlite"
            ? "UPDATE \"auths_login_code\" SET \"expiresAt\" = '2020-01-01T00:00:00Z' WHERE \"consumedAt\" IS NULL"
            : "UPDATE \"auths_login_code\" SET \"expiresAt\" = now() - interval '1 second' WHERE \"consumedAt\" IS NULL");
        Assert.Equal("AUTH_LOGIN_CODE_EXPIRED", (await FailsAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = late })).Code);
        Assert.Equal(1, await CountAsync("auths_session", $"\"userId\" = {userId}"));
    }

    [Fact]
    public async Task Codes_and_tokens_are_stored_only_as_hashes()
    {
        var first = await WeChatLoginAsync(LoginA, MiniA, "alice");
        var bindCode = (string)first["bindCode"]!;
        await InvokeAsync(LoginA, "register", new JsonObject { ["bindCode"] = bindCode });
        var loginCode = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["loginCode"]!;
        var token = (string)(await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode }))["token"]!;
        Assert.Equal(43, token.Length); // 256 bits, Base64url
        Assert.NotEqual(token, loginCode);
        var hashes = (await ColumnAsync("auths_login_code", "codeHash")).Concat(await ColumnAsync("auths_bind_code", "codeHash"))
            .Concat(await ColumnAsync("auths_session", "tokenHash")).ToList();
        Assert.Contains(Std.Auths.SecureCodes.Hash(token), hashes);
        Assert.Contains(Std.Auths.SecureCodes.Hash(bindCode), hashes);
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
        var identities = await ColumnAsync("auths_bind_code", "identity");
        Assert.All(identities, i => Assert.StartsWith("v1.", i));
        var openId = await OpenIdAsync(MiniA, "alice");
        Assert.DoesNotContain(identities, i => i.Contains(openId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BindCode_used_expired_invalid_and_foreign_are_distinct_errors()
    {
        var bindCode = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["bindCode"]!;
        await InvokeAsync(LoginA, "register", new JsonObject { ["bindCode"] = bindCode });
        var used = await FailsAsync(LoginA, "register", new JsonObject { ["bindCode"] = bindCode });
        Assert.Equal("AUTH_BIND_CODE_USED", used.Code);

        var expiring = (string)(await WeChatLoginAsync(LoginA, MiniA, "bob"))["bindCode"]!;
        await ExecAsync(Database.Provider == "sqlite"
            ? "UPDATE \"auths_bind_code\" SET \"expiresAt\" = '2020-01-01T00:00:00Z' WHERE \"consumedAt\" IS NULL"
            : "UPDATE \"auths_bind_code\" SET \"expiresAt\" = now() - interval '1 second' WHERE \"consumedAt\" IS NULL");
        var before = await SnapshotAsync();
        Assert.Equal("AUTH_BIND_CODE_EXPIRED", (await FailsAsync(LoginA, "register", new JsonObject { ["bindCode"] = expiring })).Code);
        Assert.Equal("AUTH_BIND_CODE_INVALID", (await FailsAsync(LoginA, "register", new JsonObject { ["bindCode"] = Std.Auths.SecureCodes.Generate() })).Code);

        // a bindCode of mini program B cannot register through mini program A, and stays usable on B
        var foreign = (string)(await WeChatLoginAsync(LoginB, MiniB, "dave"))["bindCode"]!;
        before = await SnapshotAsync();
        Assert.Equal("AUTH_BIND_CODE_INVALID", (await FailsAsync(LoginA, "register", new JsonObject { ["bindCode"] = foreign })).Code);
        Assert.Equal(before, await SnapshotAsync());
        var dave = await InvokeObjectAsync(LoginB, "register", new JsonObject { ["bindCode"] = foreign });
        Assert.True((long)dave["userId"]! > 0);
    }

    [Fact]
    public async Task Not_registered_when_registration_is_closed()
    {
        var before = await SnapshotAsync();
        var error = await Assert.ThrowsAnyAsync<ElementException>(async () => await WeChatLoginAsync(LoginClosed, MiniC, "erin"));
        Assert.Equal("AUTH_NOT_REGISTERED", error.Code);
        Assert.Equal(before, await SnapshotAsync());
        var config = await InvokeObjectAsync(LoginClosed, "getLoginConfig");
        Assert.Equal(0, (int)config["allowRegister"]!);

        // a user bound by an administrator can log in
        var userId = await RegisterPasswordUserAsync("erin");
        await InvokeAsync(LoginClosed, "bind", new JsonObject { ["userId"] = userId, ["code"] = await MintAsync(MiniC, "erin") });
        Assert.Equal(userId, (long)(await WeChatLoginAsync(LoginClosed, MiniC, "erin"))["userId"]!);
    }

    [Fact]
    public async Task A_user_deleted_with_the_user_model_gets_no_loginCode_and_the_login_writes_nothing()
    {
        var alice = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var bob = await RegisterPasswordUserAsync("deleted.bob");
        await RegisterWeChatUserAsync(LoginA, MiniA, "carol");
        // Deleted the way an admin deletes a row; the user's login identities stay behind.
        await ExecAsync("DELETE FROM \"auths_user\" WHERE \"userId\" IN (@alice, @bob)", new { alice, bob });

        var before = await SnapshotAsync();
        var wechat = await FailsAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = await MintAsync(MiniA, "alice") });
        Assert.Equal("AUTH_USER_NOT_FOUND", wechat.Code);
        var password = await FailsAsync(Password, "getLoginCode", new JsonObject { ["username"] = "deleted.bob", ["password"] = "correct horse battery" });
        Assert.Equal("AUTH_USER_NOT_FOUND", password.Code);
        // No loginCode, and the binding's refresh in the same transaction was rolled back.
        Assert.Equal(before, await SnapshotAsync());

        var carol = await InvokeObjectAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = await MintAsync(MiniA, "carol") });
        Assert.False(string.IsNullOrEmpty((string?)carol["loginCode"]));
    }

    [Fact]
    public async Task Bind_conflicts_are_distinct_errors()
    {
        var alice = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var pw = await RegisterPasswordUserAsync("someone");

        var before = await SnapshotAsync();
        var taken = await FailsAsync(LoginA, "bind", new JsonObject { ["userId"] = pw, ["code"] = await MintAsync(MiniA, "alice") });
        Assert.Equal("AUTH_OPENID_BOUND_TO_OTHER_USER", taken.Code);
        var twice = await FailsAsync(LoginA, "bind", new JsonObject { ["userId"] = alice, ["code"] = await MintAsync(MiniA, "bob") });
        Assert.Equal("AUTH_USER_ALREADY_BOUND", twice.Code);
        var nobody = await FailsAsync(LoginA, "bind", new JsonObject { ["userId"] = 999999, ["code"] = await MintAsync(MiniA, "bob") });
        Assert.Equal("AUTH_USER_NOT_FOUND", nobody.Code);
        Assert.Equal("AUTH_NOT_BOUND", (await FailsAsync(LoginA, "unbind", new JsonObject { ["userId"] = pw })).Code);
        Assert.Equal("AUTH_INVALID_ARGUMENT", (await FailsAsync(LoginA, "bind", new JsonObject { ["userId"] = pw, ["code"] = "" })).Code);
        Assert.Equal(before, await SnapshotAsync());

        // binding the same pair again is idempotent
        var again = await InvokeObjectAsync(LoginA, "bind", new JsonObject { ["userId"] = alice, ["code"] = await MintAsync(MiniA, "alice") });
        Assert.Equal(alice, (long)again["userId"]!);
        Assert.Equal(1, await CountAsync("auths_wechat_mini_auth", $"\"userId\" = {alice}"));
    }

    [Fact]
    public async Task Register_after_the_openid_was_bound_meanwhile_is_already_registered()
    {
        var bindCode = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["bindCode"]!;
        var pw = await RegisterPasswordUserAsync("alice.pw");
        await InvokeAsync(LoginA, "bind", new JsonObject { ["userId"] = pw, ["code"] = await MintAsync(MiniA, "alice") });
        var users = await CountAsync("auths_user");
        Assert.Equal("AUTH_ALREADY_REGISTERED", (await FailsAsync(LoginA, "register", new JsonObject { ["bindCode"] = bindCode })).Code);
        Assert.Equal(users, await CountAsync("auths_user"));
        // the failed register rolled back: the code is not marked used
        Assert.Equal(0, await CountAsync("auths_bind_code", "\"consumedAt\" IS NOT NULL"));
    }

    [Fact]
    public async Task UnionId_links_users_across_mini_programs_of_one_open_platform()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var onB = await WeChatLoginAsync(LoginB, MiniB, "alice");
        Assert.Equal(userId, (long)onB["userId"]!);
        Assert.NotNull(onB["loginCode"]);
        var unionId = (await Control.GetUserAsync(MiniA, "alice")).UnionId;
        Assert.False(string.IsNullOrEmpty(unionId));
        Assert.Equal(2, await CountAsync("auths_wechat_mini_auth", $"\"unionid\" = '{unionId}' AND \"userId\" = {userId}"));
        // MiniC is not on the open platform: no unionid, no link
        Assert.Equal("AUTH_NOT_REGISTERED", (await Assert.ThrowsAnyAsync<ElementException>(() => WeChatLoginAsync(LoginClosed, MiniC, "alice"))).Code);
        // decryptUserData on B uses B's own session_key
        var profile = await Control.EncryptUserProfileAsync(MiniB, "alice");
        var data = await InvokeObjectAsync(LoginB, "decryptUserData", new JsonObject { ["userId"] = userId, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv });
        Assert.Equal(unionId, (string)data["unionId"]!);
    }

    [Fact]
    public async Task DecryptUserData_checks_binding_signature_and_app()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var profile = await Control.EncryptUserProfileAsync(MiniA, "alice");
        var tampered = await FailsAsync(LoginA, "decryptUserData", new JsonObject
        {
            ["userId"] = userId, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv,
            ["rawData"] = profile.RawData.Replace("Shenzhen", "Beijing", StringComparison.Ordinal), ["signature"] = profile.Signature,
        });
        Assert.Equal("AUTH_USER_DATA_INVALID", tampered.Code);
        Assert.Equal("SignatureMismatch", (string)tampered.Details!["reason"]!);
        var pw = await RegisterPasswordUserAsync("nobinding");
        Assert.Equal("AUTH_NOT_BOUND", (await FailsAsync(LoginA, "decryptUserData", new JsonObject
        {
            ["userId"] = pw, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv,
        })).Code);
        // an older session_key no longer decrypts after a new login (the stored key follows the latest login)
        await WeChatLoginAsync(LoginA, MiniA, "alice");
        var stale = await FailsAsync(LoginA, "decryptUserData", new JsonObject { ["userId"] = userId, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv });
        Assert.Equal("AUTH_USER_DATA_INVALID", stale.Code);
        Assert.Contains((string)stale.Details!["reason"]!, new[] { "BadPadding", "NotJson" });
        var fresh = await Control.EncryptUserProfileAsync(MiniA, "alice");
        Assert.NotNull(await InvokeAsync(LoginA, "decryptUserData", new JsonObject { ["userId"] = userId, ["encryptedData"] = fresh.EncryptedData, ["iv"] = fresh.Iv }));
    }

    [Fact]
    public async Task GetPhoneNumber_returns_the_number_and_stores_it_on_the_user()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var plain = await InvokeObjectAsync(LoginA, "getPhoneNumber", new JsonObject { ["phoneCode"] = (await Control.MintPhoneCodeAsync(MiniA, "alice")).Code });
        Assert.Equal("13800138000", (string)plain["purePhoneNumber"]!);
        Assert.Null(plain["userId"]);
        var stored = await InvokeObjectAsync(LoginA, "getPhoneNumber", new JsonObject
        {
            ["phoneCode"] = (await Control.MintPhoneCodeAsync(MiniA, "alice")).Code, ["userId"] = userId,
        });
        Assert.Equal(userId, (long)stored["userId"]!);
        Assert.Equal(1, await CountAsync("auths_user", $"\"userId\" = {userId} AND \"phone\" = '{(string)stored["phoneNumber"]!}'"));
        var before = await SnapshotAsync();
        var bad = await FailsAsync(LoginA, "getPhoneNumber", new JsonObject { ["phoneCode"] = "not-a-code", ["userId"] = userId });
        Assert.Equal("WECHAT_40029", bad.Code);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task GetLoginConfig_shows_public_settings_only()
    {
        var config = await InvokeObjectAsync(LoginA, "getLoginConfig");
        Assert.Equal(MiniA, (string)config["appId"]!);
        Assert.Equal(1, (int)config["allowRegister"]!);
        Assert.Equal("auths.loginTypes.WeChatMiniType", (string)config["type"]!);
        Assert.DoesNotContain(SecretA, config.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", config.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Session_tokens_unknown_expired_or_malformed_are_not_sessions()
    {
        await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        var code = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["loginCode"]!;
        var token = (string)(await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = code }))["token"]!;
        Assert.Null(await InvokeAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = Std.Auths.SecureCodes.Generate() }));
        Assert.Null(await InvokeAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = "" }));
        Assert.Null(await InvokeAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = null }));
        Assert.Null(await InvokeAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token + "x" }));
        Assert.NotNull(await InvokeAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token }));
        await ExecAsync("UPDATE \"auths_session\" SET \"expiresAt\" = '2020-01-01T00:00:00Z'");
        Assert.Null(await InvokeAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token }));

        // expired rows are purged after the retention period, live ones stay
        var live = (string)(await WeChatLoginAsync(LoginA, MiniA, "alice"))["loginCode"]!;
        Assert.Equal(1, await App.Services.GetRequiredService<SessionService>().PurgeExpiredAsync()); // the session that expired in 2020
        Assert.Equal(0, await App.Services.GetRequiredService<OneTimeCodes>().PurgeExpiredAsync()); // every code is younger than a day
        Assert.Equal(0, await CountAsync("auths_session"));
        Assert.Equal(1, await CountAsync("auths_login_code", $"\"codeHash\" = '{Std.Auths.SecureCodes.Hash(live)}'"));
    }
}

public sealed class SqliteFlowTests() : FlowTests(new SqliteAppDatabase());

[Collection(PostgresCollection.Name)]
public sealed class PostgresFlowTests(PostgresServer server) : FlowTests(new PostgresAppDatabase(server));
