using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Std.Models;

namespace Elements.Host.Linking;

/// <summary>
/// The server-side half of a started linking flow: the checked application_uri and account_id, stored under the
/// SHA-256 of the OAuth state the login element issued (model <c>profiles.models.LinkRequestModel</c>). The callback
/// consumes it once, so the redirect target never comes from the callback's query string.
/// </summary>
public sealed class LinkRequestStore(ElementApp app, TimeProvider time)
{
    public const string ModelName = "profiles.models.LinkRequestModel";

    public async Task AddAsync(string state, string accountId, string applicationUri, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        var now = time.GetUtcNow();
        // Forget abandoned flows as new ones start: the table stays as small as the traffic of one TTL.
        await store.DeleteByFilterAsync(Q.Field("expiresAt", "<", Format(now)), cancellationToken);
        await store.CreateAsync(new JsonObject
        {
            ["stateHash"] = Hash(state),
            ["accountId"] = accountId,
            ["applicationUri"] = applicationUri,
            ["expiresAt"] = Format(now + ttl),
        }, cancellationToken);
    }

    /// <summary>The request of <paramref name="state"/>, removed so a second callback finds nothing; null when unknown,
    /// expired or already used.</summary>
    public async Task<LinkRequest?> TryConsumeAsync(string? state, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 256)
        {
            return null;
        }

        var store = await StoreAsync(cancellationToken);
        var row = await store.GetAsync(Q.Eq("stateHash", Hash(state)), null, cancellationToken);
        if (row is null || !await store.DeleteByPKAsync(row["id"]!.DeepClone(), cancellationToken))
        {
            return null;
        }

        var expires = DateTimeOffset.Parse(row["expiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        return expires < time.GetUtcNow()
            ? null
            : new LinkRequest(row["accountId"]!.GetValue<string>(), row["applicationUri"]!.GetValue<string>());
    }

    private Task<ModelStore> StoreAsync(CancellationToken cancellationToken) =>
        app.GetElement<ModelElement>(ModelName).OpenStoreAsync(cancellationToken);

    private static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

public sealed record LinkRequest(string AccountId, string ApplicationUri);
