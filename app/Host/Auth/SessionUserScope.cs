using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Host.Errors;

namespace Elements.Host.Auth;

/// <summary>
/// Over HTTP a session acts for its own user only. Login-required functions that take a <c>userId</c> act on that
/// user's account (the mini program's <c>bind</c>, <c>unbind</c>, <c>decryptUserData</c>, <c>getPhoneNumber</c>, the
/// Official Account login's <c>bind</c>/<c>unbind</c>, <c>corps.getCorpList</c>…) and trust the caller to name the right
/// user; so the host checks, before the function runs, that a <c>userId</c> argument (any casing, as the invoker binds
/// names case-insensitively) is the session user's <c>userId</c>, and answers 403 <c>EL_FORBIDDEN</c> otherwise. A
/// session whose user has no <c>userId</c> may name nobody. Omitting <c>userId</c> (where the function allows it)
/// passes. A caller whose roles give it every row of the element (<c>rowPerm</c> <c>all</c>, e.g. <c>roles.Admin</c>)
/// may name any user; anonymous callers may name none. The CLI and in-process callers are trusted and not checked.
/// </summary>
internal static class SessionUserScope
{
    public const string ArgumentName = "userId";

    /// <param name="sessionUserId">The session user's <c>userId</c>; null for an anonymous caller.</param>
    public static void Check(JsonNode? sessionUserId, JsonObject? args, string element, string function)
    {
        if (args is null)
        {
            return;
        }

        foreach (var (key, value) in args)
        {
            if (value is null || !string.Equals(key, ArgumentName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!SameId(sessionUserId, value))
            {
                throw new ElementException(HostErrorCodes.Forbidden,
                    $"{element}.{function}: a session may only act for its own user; '{key}' names another user");
            }
        }
    }

    /// <summary>5, 5.0 and "5" are the same id; anything else compares as text.</summary>
    private static bool SameId(JsonNode? sessionUserId, JsonNode requested)
    {
        if (sessionUserId is null)
        {
            return false;
        }

        var a = Text(sessionUserId);
        var b = Text(requested);
        return decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                ? x == y
                : string.Equals(a, b, StringComparison.Ordinal);
    }

    private static string Text(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node.ToJsonString();
}
