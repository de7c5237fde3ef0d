using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;
using Npgsql;

namespace Elements.Std.Tests.Auths.LoginTypes.WeChatMiniType;

/// <summary>
/// The statements a returning user's login sends to PostgreSQL, as Npgsql traces them (one activity per command): each
/// call's writes are one data-modifying <c>WITH</c> statement, committed by itself, where the hand-written server sends
/// an UPDATE, an INSERT and a COMMIT; <c>getLoginCode</c> then reads the corp list.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLoginStatementPlanTests(PostgresServer server) : AuthTestBase(new PostgresAppDatabase(server))
{
    [Fact]
    public async Task A_returning_users_login_sends_one_statement_per_write()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        await WeChatLoginAsync(LoginA, MiniA, "alice");
        var code = await MintAsync(MiniA, "alice");
        var database = new NpgsqlConnectionStringBuilder(((PostgresAppDatabase)Database).ConnectionString).Database;

        var getLoginCode = new ConcurrentQueue<string>();
        JsonObject issued;
        using (Trace(database, getLoginCode))
        {
            issued = await InvokeObjectAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = code });
        }

        var sessions = await CountAsync("auths_session");
        var login = new ConcurrentQueue<string>();
        using (Trace(database, login))
        {
            Assert.Equal(userId, (long)(await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = (string)issued["loginCode"]! }))["userId"]!);
        }

        Assert.Collection(getLoginCode,
            sql => Assert.Matches("""^WITH "updated" AS \(UPDATE "auths_wechat_mini_auth" .* AND EXISTS \(SELECT 1 FROM "auths_user" .*INSERT INTO "auths_login_code" """, sql),
            sql => Assert.StartsWith("SELECT", sql, StringComparison.Ordinal));
        Assert.Collection(login,
            sql => Assert.Matches("""^WITH "updated" AS \(UPDATE "auths_login_code" .*INSERT INTO "auths_session" """, sql));
        // What the single statements wrote: the session, and the code consumed (the earlier login only got its code).
        Assert.Equal(sessions + 1, await CountAsync("auths_session"));
        Assert.Equal(1, await CountAsync("auths_login_code", $"\"userId\" = {userId} AND \"consumedAt\" IS NOT NULL"));
    }

    /// <summary>Collects the text of every command Npgsql runs against <paramref name="database"/> until disposed.</summary>
    private static ActivityListener Trace(string? database, ConcurrentQueue<string> statements)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string sql
                    && Equals(activity.GetTagItem("db.namespace") ?? activity.GetTagItem("db.name"), database))
                {
                    statements.Enqueue(sql);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
