using Elements.Data.Storage;
using Elements.Std.Databases;
using Elements.Std.Models;

namespace Elements.Std.Auths;

/// <summary>
/// The account models and the one database they share: stores with synced tables, transactions that cover them all,
/// the clock and the field protector. Every account service (and a login type's own auth model) goes through it.
/// Model elements are looked up on every call, so a hot reload is picked up.
/// <para>
/// All account models (users, codes, sessions, corps and the login types' auth models) must live on one database
/// (by default they all use <c>databases.Default</c>), so that <see cref="RunInTransactionAsync{T}"/> covers them.
/// </para>
/// </summary>
public sealed class AccountDatabase(ElementApp app, FieldProtector protector, TimeProvider time)
{
    /// <summary>The field protector (AES-256-GCM) for secrets stored in rows.</summary>
    public FieldProtector Protector => protector;

    /// <summary>Now, from the DI <see cref="TimeProvider"/> (system clock by default).</summary>
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>The database the account models live on (that of <c>auths.models.UserModel</c>).</summary>
    public DatabaseElement Database => Model(AccountModels.User).DatabaseElement;

    /// <summary>Formats an instant the way Datetime fields are stored: <c>2026-11-25T10:00:00.123456Z</c>.</summary>
    public static string Instant(DateTime utc) => IsoInstant.Format(utc.ToUniversalTime());

    /// <summary>A model element of the app (activated on first use).</summary>
    public ModelElement Model(string fullName) => app.GetElement<ModelElement>(fullName);

    /// <summary>The model's store with its table synced. Open every store you need before starting a transaction.</summary>
    public Task<ModelStore> StoreAsync(string modelFullName, CancellationToken cancellationToken = default) =>
        Model(modelFullName).OpenStoreAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on the account database: committed when it returns, rolled
    /// back when it throws. Model operations of the account models (and of auth models on the same database) inside it
    /// join the transaction. The core tables and <paramref name="alsoSync"/> are synced first (a sync inside a
    /// transaction would repeat on every call).
    /// </summary>
    public async Task<T> RunInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, IEnumerable<string>? alsoSync = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await EnsureSyncedAsync(alsoSync, cancellationToken).ConfigureAwait(false);
        return await Database.RunInTransactionAsync(work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Syncs the core tables (and <paramref name="more"/>) once; cheap after the first call.</summary>
    public async Task EnsureSyncedAsync(IEnumerable<string>? more = null, CancellationToken cancellationToken = default)
    {
        foreach (var name in more is null ? AccountModels.Core : AccountModels.Core.Concat(more))
        {
            await StoreAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }
}
