namespace Elements.Std.Auths;

/// <summary>
/// Bounds password hashing (PBKDF2, hundreds of milliseconds of CPU per call), configuration section
/// <c>Elements:PasswordHashing</c> (<see cref="SectionName"/>). At most <see cref="MaxConcurrency"/> hashes run at
/// once, so the other cores stay free for every other request; up to <see cref="QueueLimit"/> more wait (without a
/// thread) oldest first, and beyond that a call fails at once with <c>EL_BUSY</c> (HTTP 503 with Retry-After).
/// </summary>
public sealed class PasswordHashingOptions
{
    public const string SectionName = "Elements:PasswordHashing";

    /// <summary>Hashes running at once; null or 0: one less than the processor count, at least 1.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Hashing calls waiting for a turn before new ones are refused with EL_BUSY (0: none wait).</summary>
    public int QueueLimit { get; set; } = 256;

    /// <summary>The effective <see cref="MaxConcurrency"/>.</summary>
    public int EffectiveMaxConcurrency => MaxConcurrency is { } n and > 0 ? n : Math.Max(1, Environment.ProcessorCount - 1);
}
