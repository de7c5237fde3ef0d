using System.Text.Json.Nodes;

namespace Elements.Host.Profiles;

/// <summary>Profiles in XPKit's shape. The default is <see cref="ModelProfileStore"/>; register another before
/// <c>ElementsHost.Build</c> adds it (TryAdd) to store profiles elsewhere.</summary>
public interface IProfileStore
{
    /// <summary>Creates or updates the profile of a WeChat identity and returns its id: an OpenID already linked, or
    /// else the same unionid, finds the existing profile (several Official Accounts, one person).</summary>
    Task<string> SaveWeChatAsync(WeChatIdentity identity, CancellationToken cancellationToken);

    Task<JsonObject?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Profiles holding any of <paramref name="openIds"/>, each once.</summary>
    Task<IReadOnlyList<JsonObject>> FindByOpenIdsAsync(IReadOnlyCollection<string> openIds, CancellationToken cancellationToken);
}

/// <summary>What WeChat said about a visitor: <paramref name="UserInfo"/> is <c>getUserInfo</c>'s result
/// (<c>{openid}</c> only with snsapi_base).</summary>
public sealed record WeChatIdentity(string AppId, string OpenId, string? UnionId, JsonObject UserInfo);
