using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Data;

namespace Elements.Std.Auths;

/// <summary>
/// Counts failed password attempts per username and locks the username for a while after too many. Unknown usernames
/// are counted and locked alike, so a lockout tells nothing about which usernames exist; while locked, the password is
/// not checked at all, so guessing costs the server no hashing. Rows are updated with an optimistic version check, so
/// concurrent failures on several nodes are all counted.
/// </summary>
internal sealed class PasswordLockout(AccountService accounts, string modelName, int threshold, TimeSpan duration)
{
    public const string ModelName = "auths.loginTypes.PasswordType.PasswordThrottleModel";

    private const int MaxUpdateAttempts = 16;

    public bool Enabled => threshold > 0;

    /// <summary>The username's throttle row (null when it has none); AUTH_LOCKED_OUT while it is locked.</summary>
    public async Task<JsonObject?> CheckAsync(string username, CancellationToken ct)
    {
        var store = await accounts.StoreAsync(modelName, ct).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("username", username), null, ct).ConfigureAwait(false);
        if (Instant(row?["lockedUntil"]) is { } until && until > accounts.UtcNow)
        {
            var seconds = (int)Math.Ceiling((until - accounts.UtcNow).TotalSeconds);
            throw new AuthException(AuthErrorCodes.LockedOut,
                $"too many failed attempts for this username; try again in {seconds} s",
                new JsonObject { ["retryAfterSeconds"] = seconds });
        }

        return row;
    }

    /// <summary>Counts a failure; the one that reaches the threshold locks the username.</summary>
    public async Task RecordFailureAsync(string username, JsonObject? row, CancellationToken ct)
    {
        var store = await accounts.StoreAsync(modelName, ct).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var now = accounts.UtcNow;
            if (row is null)
            {
                try
                {
                    await store.CreateAsync(Next(username, 0, 0, now), ct).ConfigureAwait(false);
                    return;
                }
                catch (ConstraintViolationException ex) when (ex.Kind == "unique")
                {
                    row = await store.GetAsync(Q.Eq("username", username), null, ct).ConfigureAwait(false);
                    continue;
                }
            }

            // Failures older than the lockout period are forgotten.
            var failures = Instant(row["updatedAt"]) is { } updated && updated + duration > now ? (long?)row["failures"] ?? 0 : 0;
            var version = (long?)row["version"] ?? 0;
            var changes = Next(username, failures, version, now);
            if (await store.UpdateByFilterAsync(Q.And(Q.Eq("username", username), Q.Eq("version", version)), changes, ct).ConfigureAwait(false) == 1)
            {
                return;
            }

            row = await store.GetAsync(Q.Eq("username", username), null, ct).ConfigureAwait(false);
        }

        throw new ElementException("EL_FUNCTION_FAILED", "the failed attempt could not be counted (too much contention)");
    }

    /// <summary>A successful login forgets the username's failures.</summary>
    public async Task ResetAsync(string username, JsonObject? row, CancellationToken ct)
    {
        if ((long?)row?["failures"] is null or 0)
        {
            return;
        }

        var store = await accounts.StoreAsync(modelName, ct).ConfigureAwait(false);
        await store.DeleteByFilterAsync(Q.Eq("username", username), ct).ConfigureAwait(false);
    }

    private JsonObject Next(string username, long failures, long version, DateTime now)
    {
        var locks = failures + 1 >= threshold;
        return new JsonObject
        {
            ["username"] = username,
            ["failures"] = locks ? 0 : failures + 1,
            ["lockedUntil"] = locks ? AccountService.Instant(now + duration) : null,
            ["version"] = version + 1,
            ["updatedAt"] = AccountService.Instant(now),
        };
    }

    private static DateTime? Instant(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text)
            ? DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;
}
