using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Std.Models;

namespace Elements.Host.Profiles;

/// <summary>
/// Profiles in the app's model elements: <c>profiles.models.ProfileModel</c> (one row per person, unionid unique) and
/// <c>profiles.models.ProfileOpenIdModel</c> (one row per OpenID, openid unique: the index behind
/// <c>wechat_openid__in</c>). A save runs in one transaction; a unique-key race with a concurrent save of the same
/// person (same OpenID or unionid) is retried, and then finds the row the other one wrote.
/// </summary>
public sealed class ModelProfileStore(ElementApp app, TimeProvider time) : IProfileStore
{
    public const string ProfileModelName = "profiles.models.ProfileModel";
    public const string OpenIdModelName = "profiles.models.ProfileOpenIdModel";
    private const int MaxAttempts = 4;

    public async Task<string> SaveWeChatAsync(WeChatIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var profileModel = app.GetElement<ModelElement>(ProfileModelName);
        var profiles = await profileModel.OpenStoreAsync(cancellationToken);
        var links = await app.GetElement<ModelElement>(OpenIdModelName).OpenStoreAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await profileModel.DatabaseElement.RunInTransactionAsync(
                    ct => SaveOnceAsync(profiles, links, identity, ct), cancellationToken);
            }
            catch (ConstraintViolationException) when (attempt < MaxAttempts)
            {
                // Another request saved the same OpenID or unionid first: the next pass finds its row.
            }
        }
    }

    public async Task<JsonObject?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 32)
        {
            return null;
        }

        var profiles = await app.GetElement<ModelElement>(ProfileModelName).OpenStoreAsync(cancellationToken);
        var row = await profiles.GetByPKAsync(JsonValue.Create(id), cancellationToken);
        return row is null ? null : ToApi(row);
    }

    public async Task<IReadOnlyList<JsonObject>> FindByOpenIdsAsync(IReadOnlyCollection<string> openIds, CancellationToken cancellationToken)
    {
        if (openIds.Count == 0)
        {
            return [];
        }

        var links = await app.GetElement<ModelElement>(OpenIdModelName).OpenStoreAsync(cancellationToken);
        var found = await links.QueryAsync(Q.Field("openid", "in", new JsonArray([.. openIds.Select(o => (JsonNode?)JsonValue.Create(o))])),
            null, null, null, null, cancellationToken);
        var ids = found.RowDatas.Select(r => r!["profileId"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var profiles = await app.GetElement<ModelElement>(ProfileModelName).OpenStoreAsync(cancellationToken);
        var rows = await profiles.QueryAsync(Q.Field("id", "in", new JsonArray([.. ids.Select(i => (JsonNode?)JsonValue.Create(i))])),
            null, [new OrderBy("createdAt", false)], null, null, cancellationToken);
        return [.. rows.RowDatas.Select(r => ToApi(r!.AsObject()))];
    }

    /// <summary>XPKit's shape plus the id: <c>{id, wechat_openid, gender, address, social}</c> (gender and address
    /// only once WeChat gave them).</summary>
    internal static JsonObject ToApi(JsonObject row)
    {
        var result = new JsonObject
        {
            ["id"] = row["id"]?.DeepClone(),
            ["wechat_openid"] = row["wechat_openid"]?.DeepClone() ?? new JsonArray(),
        };
        if (row["gender"] is JsonValue gender)
        {
            result["gender"] = gender.DeepClone();
        }

        if (row["address"] is JsonObject address)
        {
            result["address"] = address.DeepClone();
        }

        result["social"] = row["social"]?.DeepClone() ?? new JsonArray();
        return result;
    }

    /// <summary>Applies what WeChat said to a profile row (new or stored), XPKit's mapping.</summary>
    internal static void Map(JsonObject row, WeChatIdentity identity)
    {
        var openIds = row["wechat_openid"] as JsonArray ?? [];
        if (!openIds.Any(o => o?.GetValue<string>() == identity.OpenId))
        {
            openIds.Add(identity.OpenId);
        }

        row["wechat_openid"] = openIds.DeepClone();
        if (!string.IsNullOrEmpty(identity.UnionId) && row["unionid"] is null)
        {
            row["unionid"] = identity.UnionId;
        }

        var info = identity.UserInfo;
        if (info["nickname"] is null)
        {
            // snsapi_base: only the OpenID is saved.
            return;
        }

        var sex = info["sex"] is JsonValue s && s.TryGetValue<int>(out var n) ? n : 0;
        if (sex is 1 or 2)
        {
            row["gender"] = sex == 1 ? "Male" : "Female";
        }

        row["address"] = new JsonObject
        {
            ["city"] = Text(info, "city"),
            ["province"] = Text(info, "province"),
            ["country"] = Text(info, "country"),
        };
        var social = row["social"] as JsonArray ?? [];
        var entry = new JsonObject
        {
            ["type"] = "wechat",
            ["openid"] = identity.OpenId,
            ["nickname"] = Text(info, "nickname"),
            ["headimgurl"] = Text(info, "headimgurl"),
        };
        var existing = social.Select((e, i) => (e, i)).FirstOrDefault(x => x.e?["openid"]?.GetValue<string>() == identity.OpenId);
        var copy = new JsonArray([.. social.Select(e => e?.DeepClone())]);
        if (existing.e is not null)
        {
            copy[existing.i] = entry;
        }
        else
        {
            copy.Add(entry);
        }

        row["social"] = copy;
    }

    private async Task<string> SaveOnceAsync(ModelStore profiles, ModelStore links, WeChatIdentity identity, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var link = await links.GetAsync(Q.Eq("openid", identity.OpenId), null, ct);
        JsonObject? profile = null;
        if (link?["profileId"] is JsonValue linked)
        {
            profile = await profiles.GetByPKAsync(linked.DeepClone(), ct);
        }

        if (profile is null && !string.IsNullOrEmpty(identity.UnionId))
        {
            profile = await profiles.GetAsync(Q.Eq("unionid", identity.UnionId), null, ct);
        }

        string id;
        if (profile is null)
        {
            id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var row = new JsonObject { ["id"] = id, ["createdAt"] = now, ["updatedAt"] = now };
            Map(row, identity);
            await profiles.CreateAsync(row, ct);
        }
        else
        {
            id = profile["id"]!.GetValue<string>();
            var row = new JsonObject
            {
                ["unionid"] = profile["unionid"]?.DeepClone(),
                ["wechat_openid"] = profile["wechat_openid"]?.DeepClone(),
                ["gender"] = profile["gender"]?.DeepClone(),
                ["address"] = profile["address"]?.DeepClone(),
                ["social"] = profile["social"]?.DeepClone(),
            };
            Map(row, identity);
            row["updatedAt"] = now;
            await profiles.UpdateByPKAsync(JsonValue.Create(id), row, ct);
        }

        if (link is null)
        {
            await links.CreateAsync(new JsonObject { ["openid"] = identity.OpenId, ["appId"] = identity.AppId, ["profileId"] = id }, ct);
        }

        return id;
    }

    private static string Text(JsonObject info, string key) => info[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
