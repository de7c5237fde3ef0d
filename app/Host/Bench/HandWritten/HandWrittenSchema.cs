namespace Elements.Host.Bench.HandWritten;

/// <summary>
/// The tables a user would create for a mini-program login: users, bindings, login codes, sessions, corps and their
/// members. Timestamps are ISO-8601 text, as Elements stores them; only the id column differs per provider.
/// </summary>
internal static class HandWrittenSchema
{
    public static string Drop =>
        "DROP TABLE IF EXISTS corp_members; DROP TABLE IF EXISTS corps; DROP TABLE IF EXISTS sessions; " +
        "DROP TABLE IF EXISTS login_codes; DROP TABLE IF EXISTS mini_bindings; DROP TABLE IF EXISTS users;";

    /// <param name="autoId">The auto-numbered primary key column type of the provider.</param>
    public static string Create(string autoId) => $"""
        CREATE TABLE users (userId {autoId}, name TEXT, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL);
        CREATE TABLE mini_bindings (
            id {autoId}, userId BIGINT NOT NULL REFERENCES users (userId), appId TEXT NOT NULL, openid TEXT NOT NULL,
            unionid TEXT, sessionKey TEXT, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL,
            UNIQUE (appId, openid), UNIQUE (appId, userId));
        CREATE TABLE login_codes (
            id {autoId}, codeHash TEXT NOT NULL UNIQUE, userId BIGINT NOT NULL REFERENCES users (userId), loginType TEXT NOT NULL,
            expiresAt TEXT NOT NULL, consumedAt TEXT, createdAt TEXT NOT NULL);
        CREATE TABLE sessions (
            id {autoId}, tokenHash TEXT NOT NULL UNIQUE, userId BIGINT NOT NULL REFERENCES users (userId),
            expiresAt TEXT NOT NULL, revokedAt TEXT, createdAt TEXT NOT NULL);
        CREATE INDEX sessions_userId ON sessions (userId);
        CREATE TABLE corps (corpId {autoId}, name TEXT NOT NULL);
        CREATE TABLE corp_members (
            id {autoId}, corpId BIGINT NOT NULL REFERENCES corps (corpId), userId BIGINT NOT NULL REFERENCES users (userId), role TEXT);
        CREATE INDEX corp_members_userId ON corp_members (userId);
        """;
}
