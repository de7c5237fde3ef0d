namespace Elements.Data.Storage;

/// <summary>
/// The rows one remote caller may see and change: those whose <see cref="Field"/> (an Integer field, the model's
/// <c>ownerField</c>) holds <see cref="OwnerId"/>. Applied by <see cref="ModelStore.OwnedBy"/> as a condition of every
/// statement the store runs, so rows of others are never read, counted or written. A null <see cref="OwnerId"/> is a
/// caller that owns nothing (an anonymous visitor, a machine client): it sees no rows and cannot create any.
/// </summary>
public sealed record OwnerScope(string Field, long? OwnerId)
{
    public string Field { get; } = string.IsNullOrWhiteSpace(Field) ? throw new ArgumentException("The owner field is required.", nameof(Field)) : Field;
}
