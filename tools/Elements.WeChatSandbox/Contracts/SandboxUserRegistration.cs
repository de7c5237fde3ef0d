namespace Elements.WeChatSandbox.Contracts;

/// <summary>A WeChat user known to the sandbox (<c>POST /sandbox/users</c>).</summary>
public sealed class SandboxUserRegistration
{
    /// <summary>The sandbox's own handle for the user (not a WeChat id).</summary>
    public string UserId { get; set; } = "";

    public string Nickname { get; set; } = "";

    public string HeadImgUrl { get; set; } = "";

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    public int Sex { get; set; }

    public string Province { get; set; } = "";

    public string City { get; set; } = "";

    public string Country { get; set; } = "";

    /// <summary>Digits without country code, e.g. 13800138000. Empty: the user has no phone number.</summary>
    public string Phone { get; set; } = "";

    public string CountryCode { get; set; } = "86";

    /// <summary>Shared by all apps bound to an open platform; generated when empty.</summary>
    public string? UnionId { get; set; }

    /// <summary>Fixed openids by app id; openids of other apps are derived from app id and user id.</summary>
    public Dictionary<string, string> OpenIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A "snapshot" (virtual) user: OAuth responses carry <c>is_snapshotuser: 1</c>.</summary>
    public bool IsSnapshotUser { get; set; }
}
