using Elements.Security;
using Elements.Std.ApiAuths;

namespace Elements.Hosting.AspNetCore.Auth;

/// <summary>Who an authorized element call runs for: the caller handed to the function, and the session or API
/// client it was established from (at most one of them; neither for an anonymous caller).</summary>
internal sealed record AuthorizedCall(ElementCaller Caller, SessionValidation? Session, ApiClient? Client);
