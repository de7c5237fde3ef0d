namespace Elements.Std.Roles;

/// <summary>The codes of a refused call, shared by the HTTP host and <c>elements invoke --user</c>.</summary>
public static class AuthorizationErrorCodes
{
    /// <summary>Not a callable element (unknown, a Type or Meta, internal): answered alike so nothing hidden shows (404).</summary>
    public const string UnknownElement = ElementErrorCodes.UnknownElement;

    /// <summary>The element has no such function (404).</summary>
    public const string UnknownFunction = ElementErrorCodes.UnknownFunction;

    /// <summary>An anonymous caller asked for what needs a login or a role (401).</summary>
    public const string Unauthenticated = ElementErrorCodes.Unauthenticated;

    /// <summary>The caller's roles refuse the function, or it names another user's id or rows (403).</summary>
    public const string Forbidden = ElementErrorCodes.Forbidden;
}
