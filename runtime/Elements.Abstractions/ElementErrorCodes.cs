namespace Elements;

/// <summary>
/// Every <c>EL_*</c> code of an <see cref="ElementException"/> raised or matched by the runtime, the CLI, the standard
/// element library and the HTTP host, in one place so each string is written once: callers (the host's status
/// mapping, tests, clients) match on these, so a value never changes once published. Per-area classes
/// (<c>HostErrorCodes</c>, <c>AuthorizationErrorCodes</c>, <c>ApiAuthErrorCodes</c>, <c>DataErrorCodes.Forbidden</c>)
/// re-export these values under their own names. Elements' own codes (<c>DB_*</c>, <c>AUTH_*</c>, <c>WECHAT_*</c>, ...)
/// stay with their areas. docs/diagnostics.md describes each code.
/// </summary>
public static class ElementErrorCodes
{
    // Loading and activation (runtime).

    /// <summary>Loading an app failed; the exception's diagnostics list every problem (HTTP 500).</summary>
    public const string LoadFailed = "EL_LOAD_FAILED";

    /// <summary>No element of that full name (or, over HTTP, not one the caller may reach) (HTTP 404).</summary>
    public const string UnknownElement = "EL_UNKNOWN_ELEMENT";

    /// <summary>The element is a Meta or its type chain has no class, so there is no object to activate (HTTP 500).</summary>
    public const string NoImplementation = "EL_NO_IMPLEMENTATION";

    /// <summary><c>GetElement&lt;T&gt;</c> of an element whose object is not a <c>T</c> (HTTP 500).</summary>
    public const string ElementTypeMismatch = "EL_ELEMENT_TYPE_MISMATCH";

    /// <summary>The element's constructor (or one of its dependencies) threw (HTTP 500).</summary>
    public const string ActivationFailed = "EL_ACTIVATION_FAILED";

    /// <summary>Constructors that ask, directly or through other elements, for each other (HTTP 500).</summary>
    public const string ActivationCycle = "EL_ACTIVATION_CYCLE";

    /// <summary>An element's config does not bind, or contradicts another element's (HTTP 500).</summary>
    public const string ConfigInvalid = "EL_CONFIG_INVALID";

    // Invocation (runtime).

    /// <summary>The element declares no function of that name (HTTP 404).</summary>
    public const string UnknownFunction = "EL_UNKNOWN_FUNCTION";

    /// <summary>An argument that no parameter of the function takes (HTTP 400).</summary>
    public const string UndeclaredArg = "EL_UNDECLARED_ARG";

    /// <summary>A required parameter without an argument (HTTP 400).</summary>
    public const string MissingArg = "EL_MISSING_ARG";

    /// <summary>An argument whose value does not convert to its parameter's type (HTTP 400).</summary>
    public const string InvalidArg = "EL_INVALID_ARG";

    /// <summary>The function threw something other than an <see cref="ElementException"/> (HTTP 500).</summary>
    public const string FunctionFailed = "EL_FUNCTION_FAILED";

    // Authorization (standard library: roles, apiAuths; data layer's own-rows scope).

    /// <summary>An anonymous caller asked for what needs a login or a role (HTTP 401).</summary>
    public const string Unauthenticated = "EL_UNAUTHENTICATED";

    /// <summary>The caller's roles refuse the function, or it names another user's id or rows (HTTP 403).</summary>
    public const string Forbidden = "EL_FORBIDDEN";

    /// <summary>A signed API call with missing or bad signature headers, an unknown access key or a wrong signature
    /// (HTTP 401): one code for all, so a caller cannot probe which access keys exist.</summary>
    public const string SignatureInvalid = "EL_SIGNATURE_INVALID";

    /// <summary>A signed API call whose timestamp is too far from the server's clock (HTTP 401).</summary>
    public const string SignatureExpired = "EL_SIGNATURE_EXPIRED";

    /// <summary>A signed API call whose (access key, nonce) pair was accepted before (HTTP 401).</summary>
    public const string Replay = "EL_REPLAY";

    /// <summary>The password hashing queue is full; retry after <c>retryAfterSeconds</c> (HTTP 503).</summary>
    public const string Busy = "EL_BUSY";

    // HTTP host.

    /// <summary>The URL's <c>{orgId}.{appName}</c> is not the app this host serves (HTTP 404).</summary>
    public const string UnknownApp = "EL_UNKNOWN_APP";

    /// <summary>The request body is not a JSON object of named arguments (HTTP 400).</summary>
    public const string InvalidBody = "EL_INVALID_BODY";

    /// <summary>The request body is larger than <c>Elements:MaxBodyBytes</c> (HTTP 413).</summary>
    public const string BodyTooLarge = "EL_BODY_TOO_LARGE";

    /// <summary>The request body is not JSON (HTTP 415).</summary>
    public const string UnsupportedMediaType = "EL_UNSUPPORTED_MEDIA_TYPE";

    /// <summary>The bearer token is not a live session (HTTP 401).</summary>
    public const string InvalidSession = "EL_INVALID_SESSION";

    /// <summary>A login-required function was called but the app has no session service to check tokens (HTTP 401).</summary>
    public const string LoginUnavailable = "EL_LOGIN_UNAVAILABLE";

    /// <summary>The client made more calls than <c>Elements:RateLimit</c> allows (HTTP 429).</summary>
    public const string RateLimited = "EL_RATE_LIMITED";

    /// <summary>HTTP: a request that changes something (not GET/HEAD) to the element API or the console API whose
    /// <c>Origin</c> names another site (403).</summary>
    public const string CrossOrigin = "EL_CROSS_ORIGIN";

    /// <summary>HTTP: the console's sandbox sign-in link is unknown, expired or already used (401).</summary>
    public const string ConsoleLinkInvalid = "EL_CONSOLE_LINK_INVALID";

    /// <summary>An unexpected failure that is not an <see cref="ElementException"/>; details are only in the log
    /// (HTTP 500, CLI).</summary>
    public const string Internal = "EL_INTERNAL";

    // CLI.

    /// <summary>A command line option or its value is wrong (<c>--app</c> missing, <c>--args</c> not a JSON object, ...).</summary>
    public const string InvalidArgs = "EL_INVALID_ARGS";

    /// <summary><c>elements new</c> of a Type that has no scaffold template.</summary>
    public const string NoScaffold = "EL_NO_SCAFFOLD";

    /// <summary><c>elements new</c> without a required setting of the Type.</summary>
    public const string MissingSettings = "EL_MISSING_SETTINGS";

    /// <summary><c>elements new</c> would overwrite existing files (pass <c>--force</c>).</summary>
    public const string FileExists = "EL_FILE_EXISTS";

    /// <summary>A scaffold template did not render, or its result did not load.</summary>
    public const string ScaffoldInvalid = "EL_SCAFFOLD_INVALID";

    /// <summary>A secret setting given in clear on the command line instead of as a placeholder.</summary>
    public const string SecretInClear = "EL_SECRET_IN_CLEAR";
}
