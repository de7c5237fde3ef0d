using System.Globalization;
using Dapper;

namespace Elements.Host.Bench.HandWritten;

/// <summary>
/// The login's durable work, one Dapper call per statement. getLoginCode: one write transaction (touch the binding
/// with <c>UPDATE … RETURNING userId</c>, insert the login code), the corp list read after the commit. login: one write
/// transaction (consume the code with <c>UPDATE … RETURNING userId</c>, insert the session).
/// </summary>
internal sealed class HandWrittenAccounts(HandWrittenDatabase database, SessionKeyProtector protector, TimeProvider clock)
{
    public const string LoginType = "auths.loginTypes.myWeChatMiniLogin";
    private static readonly TimeSpan LoginCodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(7);

    private const string TouchBinding =
        "UPDATE mini_bindings SET updatedAt = @now, sessionKey = @sessionKey, unionid = @unionid WHERE appId = @appId AND openid = @openid RETURNING userId";

    private const string InsertUser = "INSERT INTO users (name, createdAt, updatedAt) VALUES (NULL, @now, @now) RETURNING userId";

    private const string InsertBinding =
        "INSERT INTO mini_bindings (userId, appId, openid, unionid, sessionKey, createdAt, updatedAt) VALUES (@userId, @appId, @openid, @unionid, @sessionKey, @now, @now)";

    private const string InsertLoginCode =
        "INSERT INTO login_codes (codeHash, userId, loginType, expiresAt, consumedAt, createdAt) VALUES (@codeHash, @userId, @loginType, @expiresAt, NULL, @now)";

    private const string CorpList =
        "SELECT m.corpId AS CorpId, c.name AS Name, m.role AS Role FROM corp_members m JOIN corps c ON c.corpId = m.corpId WHERE m.userId = @userId ORDER BY m.corpId";

    private const string ConsumeLoginCode =
        "UPDATE login_codes SET consumedAt = @now WHERE codeHash = @codeHash AND consumedAt IS NULL AND expiresAt > @now RETURNING userId";

    private const string InsertSession =
        "INSERT INTO sessions (tokenHash, userId, expiresAt, revokedAt, createdAt) VALUES (@tokenHash, @userId, @expiresAt, NULL, @now)";

    /// <summary>A loginCode for the WeChat user, registering the user first when the openid is unknown.</summary>
    public async Task<LoginCodeResult> IssueLoginCodeAsync(string appId, string openid, string? unionid, string sessionKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var code = HandWrittenCodes.Generate();
        var protectedKey = protector.Protect(sessionKey);
        long userId;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var write = await database.BeginWriteAsync(connection, cancellationToken))
        {
            var binding = new { now = Instant(now), sessionKey = protectedKey, unionid, appId, openid };
            var known = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(TouchBinding, binding, write.Transaction, cancellationToken: cancellationToken));
            if (known is { } id)
            {
                userId = id;
            }
            else
            {
                userId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertUser, new { now = Instant(now) }, write.Transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(InsertBinding,
                    new { userId, appId, openid, unionid, sessionKey = protectedKey, now = Instant(now) }, write.Transaction, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(new CommandDefinition(InsertLoginCode,
                new { codeHash = HandWrittenCodes.Hash(code), userId, loginType = LoginType, expiresAt = Instant(now + LoginCodeLifetime), now = Instant(now) },
                write.Transaction, cancellationToken: cancellationToken));
            await write.CommitAsync(cancellationToken);
        }

        // After the commit: the writer queue is held for the two writes only.
        var corps = await connection.QueryAsync<CorpEntry>(new CommandDefinition(CorpList, new { userId }, cancellationToken: cancellationToken));
        return new LoginCodeResult(code, corps.AsList(), userId);
    }

    /// <summary>A session for a valid, unconsumed loginCode; null when the code is unknown, used or expired.</summary>
    public async Task<SessionResult?> LoginAsync(string loginCode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = HandWrittenCodes.Generate();
        var expiresAt = Instant(now + SessionLifetime);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var write = await database.BeginWriteAsync(connection, cancellationToken);
        var userId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(ConsumeLoginCode,
            new { now = Instant(now), codeHash = HandWrittenCodes.Hash(loginCode) }, write.Transaction, cancellationToken: cancellationToken));
        if (userId is not { } id)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertSession,
            new { tokenHash = HandWrittenCodes.Hash(token), userId = id, expiresAt, now = Instant(now) }, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return new SessionResult(token, expiresAt, id);
    }

    private static string Instant(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
