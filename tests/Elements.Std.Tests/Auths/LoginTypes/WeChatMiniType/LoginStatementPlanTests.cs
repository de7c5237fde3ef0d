using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Data.Storage;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths.LoginTypes.WeChatMiniType;

/// <summary>
/// The SQL a returning user's login runs on SQLite (issue #18: no more work than a hand-written server): one write
/// transaction per call with no read inside that a RETURNING gives (the user is checked by the binding's UPDATE itself),
/// and the corp list read after the commit. Counted with SQLite's trace hook, so an added statement fails here.
/// </summary>
public sealed partial class LoginStatementPlanTests() : AuthTestBase(new SqliteAppDatabase())
{
    [Fact]
    public async Task A_returning_users_login_runs_the_planned_statements_and_nothing_else()
    {
        var userId = await RegisterWeChatUserAsync(LoginA, MiniA, "alice");
        await WeChatLoginAsync(LoginA, MiniA, "alice");
        var code = await MintAsync(MiniA, "alice");
        var database = (SqliteDatabase)DefaultDatabase.Database;

        var getLoginCode = new ConcurrentQueue<string>();
        JsonObject issued;
        using (database.TraceStatements(getLoginCode.Enqueue))
        {
            issued = (await InvokeAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = code }))!.AsObject();
        }

        var login = new ConcurrentQueue<string>();
        using (database.TraceStatements(login.Enqueue))
        {
            Assert.Equal(userId, (long)(await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = (string)issued["loginCode"]! }))["userId"]!);
        }

        Assert.Equal(
            [
                "BEGIN", "UPDATE auths_wechat_mini_auth WHERE EXISTS auths_user RETURNING userId", "INSERT auths_login_code RETURNING id", "COMMIT",
                "SELECT corps_member",
            ],
            getLoginCode.Select(Shape));
        Assert.Equal(["BEGIN", "UPDATE auths_login_code RETURNING userId, loginType", "INSERT auths_session RETURNING id", "COMMIT"], login.Select(Shape));
    }

    [Fact]
    public async Task A_password_login_takes_two_turns_at_the_write_lock_besides_the_hash()
    {
        var userId = await RegisterPasswordUserAsync("plan.user");
        var database = (SqliteDatabase)DefaultDatabase.Database;
        await InvokeObjectAsync(Password, "getLoginCode", new JsonObject { ["username"] = "plan.user", ["password"] = "correct horse battery" });

        var statements = new ConcurrentQueue<string>();
        using (database.TraceStatements(statements.Enqueue))
        {
            var issued = await InvokeObjectAsync(Password, "getLoginCode", new JsonObject { ["username"] = "plan.user", ["password"] = "correct horse battery" });
            Assert.Equal(userId, (long)issued["userId"]!);
        }

        // The attempt is counted before the hash is checked (one conditional UPDATE), the row read, and after the hash
        // the count's reset and the loginCode share one write transaction.
        Assert.Equal(
            [
                "BEGIN", "UPDATE auths_password_throttle RETURNING id, username, failures, lockedUntil, version, updatedAt", "COMMIT",
                "SELECT auths_password_auth",
                "BEGIN", "UPDATE auths_password_throttle", "INSERT auths_login_code WHERE EXISTS auths_user RETURNING id", "COMMIT",
                "SELECT corps_member",
            ],
            statements.Select(Shape));
    }

    /// <summary>
    /// "UPDATE table RETURNING columns", "INSERT table WHERE EXISTS other RETURNING key", "SELECT table", "BEGIN": enough
    /// to tell one statement plan from another.
    /// </summary>
    private static string Shape(string sql)
    {
        var words = sql.TrimStart();
        var verb = words.Split(' ', 2)[0].TrimEnd(';').ToUpperInvariant();
        var table = TableName().Match(words) is { Success: true } m ? " " + m.Groups[1].Value : "";
        var guard = GuardTable().Match(words) is { Success: true } g ? " WHERE EXISTS " + g.Groups[1].Value : "";
        var returning = words.IndexOf(" RETURNING ", StringComparison.Ordinal) is var r and >= 0
            ? " RETURNING " + words[(r + 11)..].Replace("\"", "", StringComparison.Ordinal)
            : "";
        return verb + table + guard + returning;
    }

    [GeneratedRegex("""(?:UPDATE|INTO|FROM)\s+"([^"]+)"  """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex TableName();

    [GeneratedRegex("""EXISTS\s+\(SELECT\s+1\s+FROM\s+"([^"]+)"  """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex GuardTable();
}
