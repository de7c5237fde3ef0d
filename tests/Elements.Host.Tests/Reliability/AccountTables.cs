using System.Data.Common;
using Dapper;

namespace Elements.Host.Tests.Reliability;

/// <summary>
/// The account tables of the mini-program flow, read directly with SQL (not through the elements): row counts and the
/// consistency checks that a half-written login or registration would break.
/// </summary>
internal sealed record AccountTables(
    long Users,
    long Bindings,
    long BindCodes,
    long ConsumedBindCodes,
    long LoginCodes,
    long ConsumedLoginCodes,
    long Sessions,
    long OrphanBindings,
    long UsersWithoutBinding,
    long SessionsWithoutUser,
    long UsersWhoseSessionsDoNotMatchTheirSpentLoginCodes)
{
    public static AccountTables Read(DbConnection db) => new(
        Users: Count(db, "SELECT COUNT(*) FROM auths_user"),
        Bindings: Count(db, "SELECT COUNT(*) FROM auths_wechat_mini_auth"),
        BindCodes: Count(db, "SELECT COUNT(*) FROM auths_bind_code"),
        ConsumedBindCodes: Count(db, """SELECT COUNT(*) FROM auths_bind_code WHERE "consumedAt" IS NOT NULL"""),
        LoginCodes: Count(db, "SELECT COUNT(*) FROM auths_login_code"),
        ConsumedLoginCodes: Count(db, """SELECT COUNT(*) FROM auths_login_code WHERE "consumedAt" IS NOT NULL"""),
        Sessions: Count(db, "SELECT COUNT(*) FROM auths_session"),
        OrphanBindings: Count(db, """
            SELECT COUNT(*) FROM auths_wechat_mini_auth a WHERE NOT EXISTS (SELECT 1 FROM auths_user u WHERE u."userId" = a."userId")
            """),
        UsersWithoutBinding: Count(db, """
            SELECT COUNT(*) FROM auths_user u WHERE NOT EXISTS (SELECT 1 FROM auths_wechat_mini_auth a WHERE a."userId" = u."userId")
            """),
        SessionsWithoutUser: Count(db, """
            SELECT COUNT(*) FROM auths_session s WHERE NOT EXISTS (SELECT 1 FROM auths_user u WHERE u."userId" = s."userId")
            """),
        UsersWhoseSessionsDoNotMatchTheirSpentLoginCodes: Count(db, """
            SELECT COUNT(*) FROM auths_user u
            WHERE (SELECT COUNT(*) FROM auths_login_code c WHERE c."userId" = u."userId" AND c."consumedAt" IS NOT NULL)
               <> (SELECT COUNT(*) FROM auths_session s WHERE s."userId" = u."userId")
            """));

    /// <summary>
    /// What must hold whatever happened to the requests: no binding without its user, no user without a binding (users
    /// here are only made by register, which binds in the same transaction), no session without its user, every spent
    /// loginCode has its session and every session a spent loginCode (per user), and every spent bindCode made exactly
    /// one user.
    /// </summary>
    public void AssertConsistent()
    {
        Assert.Equal(0, OrphanBindings);
        Assert.Equal(0, UsersWithoutBinding);
        Assert.Equal(0, SessionsWithoutUser);
        Assert.Equal(0, UsersWhoseSessionsDoNotMatchTheirSpentLoginCodes);
        Assert.Equal(Users, Bindings);
        Assert.Equal(Users, ConsumedBindCodes);
        Assert.Equal(ConsumedLoginCodes, Sessions);
    }

    public override string ToString() =>
        $"users {Users}, bindings {Bindings}, bindCodes {BindCodes} ({ConsumedBindCodes} consumed), " +
        $"loginCodes {LoginCodes} ({ConsumedLoginCodes} consumed), sessions {Sessions}";

    private static long Count(DbConnection db, string sql) => db.ExecuteScalar<long>(sql);
}
