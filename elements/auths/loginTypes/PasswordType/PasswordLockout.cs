using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;

namespace Elements.Std.Auths;

/// <summary>
/// Limits password attempts per username and locks the username for a while after too many failures. Unknown usernames
/// are counted and locked alike, so a lockout tells nothing about which usernames exist.
/// <para>
/// An attempt is counted <em>before</em> its password is checked (<see cref="ReserveAttemptAsync"/>), by one
/// conditional UPDATE (<see cref="ModelStore.IncrementByFilterAsync"/>) that only touches an unlocked row and sets
/// <c>lockedUntil</c> in the same statement when the count reaches the threshold. So however many guesses arrive at
/// once, exactly <c>threshold</c> of them are checked, the one that reaches it locks, every later one is refused
/// without hashing, and nothing a failed attempt does can unlock the username (failures write nothing after the check).
/// A success forgets the count (<see cref="ResetAsync"/>): that attempt was one of the allowed ones and proved the password.
/// </para>
/// </summary>
internal sealed class PasswordLockout(AccountDatabase accounts, string modelName, int threshold, TimeSpan duration)
{
    public const string ModelName = "auths.loginTypes.PasswordType.PasswordThrottleModel";

    // A reservation only retries when its row appeared or its lock ended between two statements.
    private const int MaxReserveAttempts = 8;

    public bool Enabled => threshold > 0;

    /// <summary>The throttle model this lockout writes (sync it before a transaction that resets it).</summary>
    public string Model => modelName;

    /// <summary>Counts an attempt on <paramref name="username"/> before its password is checked; AUTH_LOCKED_OUT (and
    /// nothing counted) while the username is locked.</summary>
    public async Task ReserveAttemptAsync(string username, CancellationToken ct)
    {
        var store = await accounts.StoreAsync(modelName, ct).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxReserveAttempts; attempt++)
        {
            var now = accounts.UtcNow;
            var nowText = AccountDatabase.Instant(now);
            var until = AccountDatabase.Instant(now + duration);
            var counted = await store.IncrementByFilterAsync(
                Q.And(Q.Eq("username", username), Q.Or(Q.Eq("lockedUntil", null), Q.Field("lockedUntil", "<=", nowText))),
                "failures",
                // Attempts older than the lockout period are forgotten (this includes those that caused an ended lock).
                restartWhen: Q.Or(Q.Eq("updatedAt", null), Q.Field("updatedAt", "<=", AccountDatabase.Instant(now - duration))),
                limit: threshold,
                whenReached: new JsonObject { ["lockedUntil"] = until, ["updatedAt"] = nowText },
                otherwise: new JsonObject { ["lockedUntil"] = null, ["updatedAt"] = nowText },
                ct).ConfigureAwait(false);
            if (counted.Count == 1)
            {
                return;
            }

            var row = await store.GetAsync(Q.Eq("username", username), null, ct).ConfigureAwait(false);
            if (row is null)
            {
                try
                {
                    // The first attempt on a username: the unique index lets exactly one concurrent insert win.
                    await store.CreateAsync(new JsonObject
                    {
                        ["username"] = username,
                        ["failures"] = 1,
                        ["lockedUntil"] = threshold <= 1 ? until : null,
                        ["updatedAt"] = nowText,
                    }, ct).ConfigureAwait(false);
                    return;
                }
                catch (ConstraintViolationException ex) when (ex.Kind == "unique")
                {
                    continue;
                }
            }

            if (Instant(row["lockedUntil"]) is { } lockedUntil && lockedUntil > accounts.UtcNow)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling((lockedUntil - accounts.UtcNow).TotalSeconds));
                throw new AuthException(AuthErrorCodes.LockedOut,
                    $"too many failed attempts for this username; try again in {seconds} s",
                    new JsonObject { ["retryAfterSeconds"] = seconds });
            }

            // The lock ended between the UPDATE and the read: count again.
        }

        throw new ElementException(ElementErrorCodes.FunctionFailed, "the attempt could not be counted (too much contention)");
    }

    /// <summary>A successful login forgets the username's attempts (and a lock that one of them set meanwhile).</summary>
    public async Task ResetAsync(string username, CancellationToken ct)
    {
        // Zeroed rather than deleted: the next login's reservation is then one UPDATE, not a missed UPDATE, a read and
        // an insert.
        var store = await accounts.StoreAsync(modelName, ct).ConfigureAwait(false);
        await store.UpdateByFilterAsync(Q.Eq("username", username), new JsonObject { ["failures"] = 0, ["lockedUntil"] = null }, ct).ConfigureAwait(false);
    }

    private static DateTime? Instant(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text)
            ? DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;
}
