namespace Elements.Host.Linking;

/// <summary>The linking flow's <c>error_code</c> values, exactly as XPKit's linking flow documents them.</summary>
public static class LinkingErrorCodes
{
    /// <summary>The User-Agent is not WeChat's (<c>MicroMessenger</c>).</summary>
    public const int InvalidUserAgent = 100;

    /// <summary>application_uri's domain is not configured for the account (error page: never redirected to).</summary>
    public const int InvalidServiceAccount = 101;

    /// <summary>No code from WeChat (the visitor denied, or the callback's state did not check out).</summary>
    public const int NoCode = 102;

    /// <summary>No token from WeChat (the code exchange or the user-info call failed).</summary>
    public const int NoToken = 103;

    /// <summary>The profile could not be saved.</summary>
    public const int ProfileNotSaved = 104;

    /// <summary>account_id missing or unknown (error page).</summary>
    public const int InvalidAccount = 105;
}
