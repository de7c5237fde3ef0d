using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Auths;

/// <summary>Users (<c>auths.models.UserModel</c>): create, read and update the non-secret profile fields.</summary>
public sealed partial class UserAccounts(AccountDatabase accounts, ILogger<UserAccounts> logger)
{
    private static readonly string[] ProfileFields = ["name", "avatar", "phone"];

    /// <summary>Creates a user from the profile's <c>name</c>, <c>avatar</c>, <c>phone</c> (other keys are ignored).</summary>
    public async Task<JsonObject> CreateAsync(JsonObject? profile = null, CancellationToken cancellationToken = default)
    {
        var store = await accounts.StoreAsync(AccountModels.User, cancellationToken).ConfigureAwait(false);
        var now = AccountDatabase.Instant(accounts.UtcNow);
        var row = PickProfileFields(profile);
        row["createdAt"] = now;
        row["updatedAt"] = now;
        var user = await store.CreateAsync(row, cancellationToken).ConfigureAwait(false);
        LogCreated(logger, (long?)user["userId"]);
        return user;
    }

    /// <summary>The user row, or null.</summary>
    public async Task<JsonObject?> GetAsync(long userId, CancellationToken cancellationToken = default)
    {
        var store = await accounts.StoreAsync(AccountModels.User, cancellationToken).ConfigureAwait(false);
        return await store.GetByPKAsync(JsonValue.Create(userId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the user exists (reads the key alone).</summary>
    public async Task<bool> ExistsAsync(long userId, CancellationToken cancellationToken = default)
    {
        var store = await accounts.StoreAsync(AccountModels.User, cancellationToken).ConfigureAwait(false);
        return await store.GetAsync<UserIdRow>(Q.Eq("userId", userId), null, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>The user row; AUTH_USER_NOT_FOUND when there is none.</summary>
    public async Task<JsonObject> RequireAsync(long userId, CancellationToken cancellationToken = default) =>
        await GetAsync(userId, cancellationToken).ConfigureAwait(false)
        ?? throw NotFound(userId);

    /// <summary>Updates <c>name</c>, <c>avatar</c>, <c>phone</c> of a user (other keys are ignored) and returns the row.</summary>
    public async Task<JsonObject> UpdateAsync(long userId, JsonObject changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var store = await accounts.StoreAsync(AccountModels.User, cancellationToken).ConfigureAwait(false);
        var row = PickProfileFields(changes);
        row["updatedAt"] = AccountDatabase.Instant(accounts.UtcNow);
        try
        {
            return await store.UpdateByPKAsync(JsonValue.Create(userId), row, cancellationToken).ConfigureAwait(false);
        }
        catch (RecordNotFoundException)
        {
            throw NotFound(userId);
        }
    }

    private static JsonObject PickProfileFields(JsonObject? source)
    {
        var row = new JsonObject();
        if (source is null)
        {
            return row;
        }

        foreach (var field in ProfileFields)
        {
            if (source.TryGetPropertyValue(field, out var value))
            {
                row[field] = value?.DeepClone();
            }
        }

        return row;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created user {UserId}")]
    private static partial void LogCreated(ILogger logger, long? userId);

    /// <summary>AUTH_USER_NOT_FOUND: the user was deleted through the user model (its login identities stay).</summary>
    public static ElementException NotFound(long userId) => new(AuthErrorCodes.UserNotFound, $"user {userId} does not exist");
}
