using System.Text.Json.Nodes;
using Elements.Data.Storage;

namespace Elements.Std.Auths;

/// <summary>
/// A loginCode made by <see cref="OneTimeCodes.NewLoginCodeAsync"/> and not yet stored: the code to hand out, and the
/// row (everything but the user) that stores it for a user, with the loginCode and user models it is written against.
/// </summary>
public sealed class PendingLoginCode
{
    internal PendingLoginCode(string code, JsonObject row, ModelStore store, ModelStore users)
    {
        Code = code;
        Row = row;
        Store = store;
        Users = users;
    }

    /// <summary>The code itself; only its hash is stored.</summary>
    public string Code { get; }

    /// <summary>The loginCode row without its <c>userId</c>. Copy it before changing it.</summary>
    public JsonObject Row { get; }

    /// <summary>The loginCode model's store.</summary>
    public ModelStore Store { get; }

    /// <summary>The user model's store: a code is stored only for a user that exists.</summary>
    public ModelStore Users { get; }

    /// <summary>
    /// Stores the code for <paramref name="userId"/> (one INSERT that checks the user row, so it can share a caller's
    /// write transaction); false, and nothing stored, when the user does not exist.
    /// </summary>
    public async Task<bool> AddForAsync(long userId, CancellationToken cancellationToken = default)
    {
        var row = Row.DeepClone().AsObject();
        row["userId"] = userId;
        return await Store.InsertIfReferencedAsync(row, "userId", Users, cancellationToken).ConfigureAwait(false) is not null;
    }

    public override string ToString() => "loginCode (pending)";
}
