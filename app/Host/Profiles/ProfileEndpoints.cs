using Elements.Host.OpenApi;

namespace Elements.Host.Profiles;

/// <summary>
/// <c>GET /api/profile/?wechat_openid__in=a,b</c> (profiles holding any of the OpenIDs, at most 100) and
/// <c>GET /api/profile/{id}</c>. A filter is required: the API never lists every profile.
/// </summary>
internal static class ProfileEndpoints
{
    public const int MaxOpenIds = 100;

    public static void MapProfiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/profile", ListAsync).WithName("ProfileList")
            .Documented("profiles", "Profiles holding any of the OpenIDs in ?wechat_openid__in=a,b (at most 100)", StatusCodes.Status400BadRequest);
        endpoints.MapGet("/api/profile/{id}", GetAsync).WithName("ProfileGet")
            .Documented("profiles", "One profile", StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IProfileStore profiles)
    {
        var filter = context.Request.Query["wechat_openid__in"].ToString();
        var openIds = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (openIds.Count == 0)
        {
            throw new ElementException(ProfileErrorCodes.FilterRequired, "filter the profiles: ?wechat_openid__in=openid1,openid2");
        }

        if (openIds.Count > MaxOpenIds)
        {
            throw new ElementException(ProfileErrorCodes.FilterRequired, $"at most {MaxOpenIds} OpenIDs per request");
        }

        var results = await profiles.FindByOpenIdsAsync(openIds, context.RequestAborted);
        return Results.Json(new { count = results.Count, results }, Elements.Invocation.ElementInvoker.JsonOptions);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IProfileStore profiles)
    {
        var profile = await profiles.GetAsync(id, context.RequestAborted)
            ?? throw new ElementException(ProfileErrorCodes.NotFound, "no such profile");
        return Results.Json(profile, Elements.Invocation.ElementInvoker.JsonOptions);
    }
}
