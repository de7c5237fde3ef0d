using System.ComponentModel.DataAnnotations;

namespace Elements.Std.Auths;

/// <summary>Config of <c>auths.services.AuthSvc</c>.</summary>
public sealed class AuthSvcConfig
{
    /// <summary>How long a session token lives (hours, default 168 = 7 days).</summary>
    [Range(1, 24 * 366)]
    public int SessionLifetimeHours { get; set; } = 168;
}
