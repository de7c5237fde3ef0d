using System.Globalization;
using System.Text.Json.Nodes;

namespace Elements.Std.Roles;

/// <summary>
/// A remote caller acts for its own user only. Functions that take a <c>userId</c> act on that user's account (the mini
/// program's <c>bind</c>, <c>unbind</c>, <c>decryptUserData</c>, <c>getPhoneNumber</c>, the Official Account login's
/// <c>bind</c>/<c>unbind</c>, <c>corps.getCorpList</c>, <c>RoleSvc.getUserRoles</c>…) and trust the caller to name the
/// right user; so before the function runs a <c>userId</c> argument (any casing, as the invoker binds names
/// case-insensitively) must be the caller's own (5, 5.0 and "5" are the same id), else 403 <c>EL_FORBIDDEN</c>.
/// Anonymous callers may name nobody; omitting <c>userId</c> (where the function allows it) passes. Callers whose
/// roles give them every row of the element (<c>rowPerm</c> <c>all</c>, e.g. <c>roles.Admin</c>) are not checked, nor
/// are trusted in-process callers.
/// </summary>
internal static class UserArgumentRule
{
    public const string ArgumentName = "userId";

    public static void Check(long? callerUserId, JsonObject? args, string element, string function)
    {
        if (args is null)
        {
            return;
        }

        foreach (var (key, value) in args)
        {
            if (value is not null && string.Equals(key, ArgumentName, StringComparison.OrdinalIgnoreCase) && !IsId(value, callerUserId))
            {
                throw new ElementException(AuthorizationErrorCodes.Forbidden,
                    $"{element}.{function}: a caller may only act for its own user; '{key}' names another user");
            }
        }
    }

    private static bool IsId(JsonNode requested, long? userId)
    {
        var text = requested is JsonValue value && value.TryGetValue<string>(out var s) ? s : requested.ToJsonString();
        return userId is { } id
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number == id;
    }
}
