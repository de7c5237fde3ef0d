namespace Elements.Hosting.AspNetCore.Security;

/// <summary>
/// Per-client rate limit of the element API and the linking/profile routes, section <c>Elements:RateLimit</c>: a token
/// bucket per client (the bearer token, else the <c>X-Elements-AccessKey</c> header, else the remote IP address).
/// Calls beyond it answer 429 <c>EL_RATE_LIMITED</c> with <c>Retry-After</c>. Read when a client's bucket is created.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Elements:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained calls per second per client (fractions allowed: 0.5 is one call every two seconds). The
    /// default leaves room for a page, a mini program or a load test from one address; lower it for public hosts.</summary>
    public double PermitsPerSecond { get; set; } = 100;

    /// <summary>Calls a client may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Calls held back, oldest first, until a permit frees up instead of being refused at once; 0 refuses
    /// at once (a queued call holds its connection, which a flood would exhaust).</summary>
    public int QueueLimit { get; set; }
}
