using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Std.Models;
using Elements.WeChat.Models;

namespace Elements.Std.Auths.WeChatPublic;

/// <summary>The stored authorization of one user, tokens decrypted (never serialized: <see cref="ToString"/> masks them).</summary>
public sealed record WeChatPublicStoredAuth(
    long Id,
    string AppId,
    string OpenId,
    string? UnionId,
    string? AccessToken,
    string? RefreshToken,
    int ExpiresIn,
    DateTimeOffset? UpdatedAt)
{
    public override string ToString() =>
        $"WeChatPublicStoredAuth {{ Id = {Id}, AppId = {AppId}, OpenId = {OpenId}, UnionId = {UnionId}, AccessToken = ***, RefreshToken = ***, ExpiresIn = {ExpiresIn} }}";
}

/// <summary>
/// Reads and writes <c>WechatPublicAuthModel</c> rows (unique appId + openid) and the consumed states of
/// <c>WechatPublicStateModel</c>. Tokens are encrypted with <see cref="FieldProtector"/>; the purpose binds a value to
/// its field, app id and openid, so a ciphertext copied to another row or field does not decrypt.
/// </summary>
public sealed class WeChatPublicAuthStore
{
    public const string AuthModelName = "WechatPublicAuthModel";
    public const string StateModelName = "WechatPublicStateModel";
    public const string TypeName = "auths.loginTypes.WechatPublicType";

    private readonly ElementApp _app;
    private readonly string _owner;
    private readonly FieldProtector _protector;
    private readonly TimeProvider _time;

    public WeChatPublicAuthStore(ElementApp app, string ownerFullName, FieldProtector protector, TimeProvider time)
    {
        _app = app;
        _owner = ownerFullName;
        _protector = protector;
        _time = time;
    }

    /// <summary>The auth model element: the instance's inherited child, else the Type's.</summary>
    public ModelElement AuthModel => Model(AuthModelName);

    public ModelElement StateModel => Model(StateModelName);

    public static string Purpose(string field, string appId, string openId) => $"{TypeName}.{AuthModelName}.{field}|{appId}|{openId}";

    /// <summary>Inserts or updates the user's row with the token (encrypted) and, when given, the profile.</summary>
    public async Task<JsonObject> SaveAsync(string appId, WeChatOAuthToken token, WeChatUserInfo? profile, CancellationToken cancellationToken)
    {
        var now = Format(_time.GetUtcNow());
        var update = new JsonObject
        {
            ["accessToken"] = _protector.Protect(token.AccessToken, Purpose("accessToken", appId, token.OpenId)),
            ["refreshToken"] = _protector.Protect(token.RefreshToken, Purpose("refreshToken", appId, token.OpenId)),
            ["expiresIn"] = token.ExpiresIn,
            ["updatedAt"] = now,
        };
        var unionId = profile?.UnionId ?? token.UnionId;
        if (!string.IsNullOrEmpty(unionId))
        {
            update["unionid"] = unionId;
        }

        if (profile is not null)
        {
            update["nickname"] = profile.Nickname;
            update["headimgurl"] = profile.HeadImgUrl;
            update["sex"] = profile.Sex;
            update["province"] = profile.Province;
            update["city"] = profile.City;
            update["country"] = profile.Country;
        }

        var add = new JsonObject { ["appId"] = appId, ["openid"] = token.OpenId, ["createdAt"] = now };
        var store = await AuthModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var filter = Q.Eq("appId", appId) & Q.Eq("openid", token.OpenId);
        try
        {
            return await store.UpdateOrAddAsync(filter, update, add, cancellationToken).ConfigureAwait(false);
        }
        catch (ConstraintViolationException)
        {
            // The same user's first login ran twice at once and the other insert won: the row exists now, update it.
            return await store.UpdateOrAddAsync(filter, update, add, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The raw row (tokens still encrypted), or null.</summary>
    public async Task<JsonObject?> GetRowAsync(string appId, string openId, CancellationToken cancellationToken)
    {
        var store = await AuthModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        return await store.GetAsync(Q.Eq("appId", appId) & Q.Eq("openid", openId), null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WeChatPublicStoredAuth?> FindAsync(string appId, string openId, CancellationToken cancellationToken)
    {
        var store = await AuthModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("appId", appId) & Q.Eq("openid", openId), null, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        return new WeChatPublicStoredAuth(
            (long)Number(row["id"]),
            appId,
            openId,
            Text(row, "unionid"),
            Text(row, "accessToken") is { } access ? _protector.Unprotect(access, Purpose("accessToken", appId, openId)) : null,
            Text(row, "refreshToken") is { } refresh ? _protector.Unprotect(refresh, Purpose("refreshToken", appId, openId)) : null,
            (int)Number(row["expiresIn"]),
            Text(row, "updatedAt") is { } updated ? DateTimeOffset.Parse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null);
    }

    /// <summary>
    /// Records the state's nonce as used; a second use (on any node sharing the database) is AUTH_STATE_REPLAYED.
    /// Prunes nonces whose states have expired (those are refused before they get here).
    /// </summary>
    public async Task ConsumeStateAsync(string appId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var store = await StateModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        try
        {
            await store.CreateAsync(new JsonObject
            {
                ["nonce"] = nonce,
                ["appId"] = appId,
                ["element"] = _owner,
                ["expiresAt"] = Format(expiresAt),
                ["usedAt"] = Format(now),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConstraintViolationException)
        {
            throw new ElementException(WeChatPublicErrorCodes.StateReplayed,
                "this state was already used by an earlier callback: each login's state works once, start the login again");
        }

        await store.DeleteByFilterAsync(Q.Field("expiresAt", "<", Format(now)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the row's user (null to unbind); the number of rows changed.</summary>
    public async Task<int> SetUserAsync(string appId, string openId, long? userId, CancellationToken cancellationToken)
    {
        var store = await AuthModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        return await store.UpdateByFilterAsync(Q.Eq("appId", appId) & Q.Eq("openid", openId),
            new JsonObject { ["userId"] = userId, ["updatedAt"] = Format(_time.GetUtcNow()) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The openid bound to <paramref name="userId"/> in <paramref name="appId"/>, or null.</summary>
    public async Task<string?> FindOpenIdOfUserAsync(string appId, long userId, CancellationToken cancellationToken)
    {
        var store = await AuthModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("appId", appId) & Q.Eq("userId", userId), null, cancellationToken).ConfigureAwait(false);
        return row is null ? null : Text(row, "openid");
    }

    /// <summary>The user bound to <paramref name="unionId"/> through any official account (this table is shared), or null.</summary>
    public async Task<long?> FindUserIdByUnionIdAsync(string unionId, CancellationToken cancellationToken)
    {
        var store = await AuthModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("unionid", unionId) & Q.Field("userId", "!=", null), [OrderBy.Asc("id")], cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : UserIdOf(row);
    }

    public static long? UserIdOf(JsonObject row) => row["userId"] is JsonValue ? (long)Number(row["userId"]) : null;

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static decimal Number(JsonNode? node) =>
        node is JsonValue ? decimal.Parse(node.ToJsonString().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture) : 0;

    private static string? Text(JsonObject row, string field) =>
        row[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private ModelElement Model(string name) =>
        _app.TryGetElement($"{_owner}.{name}", out var own) && own is ModelElement model
            ? model
            : _app.GetElement<ModelElement>($"{TypeName}.{name}");
}
