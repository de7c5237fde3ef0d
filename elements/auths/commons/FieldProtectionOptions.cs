namespace Elements.Std.Auths;

/// <summary>
/// The key that encrypts secrets stored in model rows (session keys, OAuth tokens). Every node sharing a database must
/// use the same key: set <c>Elements:FieldProtection:Key</c> (or the environment variable <c>ELEMENTS_FIELD_KEY</c>)
/// to 32 random bytes in Base64. Without one, a key file is created once under the app's <c>appData/</c>, which suits a
/// single machine only.
/// </summary>
public sealed class FieldProtectionOptions
{
    public const string EnvironmentVariable = "ELEMENTS_FIELD_KEY";

    /// <summary>Base64 of a 256-bit key.</summary>
    public string? Key { get; set; }

    /// <summary>Where the generated key lives when <see cref="Key"/> is not set; defaults to <c>appData/field-protection.key</c> of the app.</summary>
    public string? KeyFile { get; set; }

    public override string ToString() => $"FieldProtectionOptions {{ Key = {(Key is null ? "(none)" : "***")}, KeyFile = {KeyFile} }}";
}
