namespace Elements.Host.Profiles;

/// <summary>Error codes of the profile endpoints (their statuses are registered in
/// <c>ElementsHostOptions.ErrorStatuses</c>).</summary>
public static class ProfileErrorCodes
{
    /// <summary><c>GET /api/profile/</c> without a usable <c>wechat_openid__in</c> filter (400).</summary>
    public const string FilterRequired = "PROFILE_FILTER_REQUIRED";

    /// <summary><c>GET /api/profile/{id}</c> of no profile (404).</summary>
    public const string NotFound = "PROFILE_NOT_FOUND";
}
