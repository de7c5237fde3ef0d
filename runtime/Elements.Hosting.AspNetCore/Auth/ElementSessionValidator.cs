using System.Text.Json.Nodes;

namespace Elements.Hosting.AspNetCore.Auth;

/// <summary>
/// Checks tokens with the app's auth service element: <c>auths.services.AuthSvc.getCurrentUser(token)</c>. A null
/// result, or an <see cref="ElementException"/> whose code starts with <c>AUTH_</c> (or EL_INVALID_ARG: a token
/// that is not even well-formed) means "not a session"; any other failure of the auth service is a server fault
/// and propagates. Without that element the app has no login, so no session can be valid.
/// </summary>
public sealed class ElementSessionValidator(ElementApp app) : ISessionValidator
{
    public const string AuthServiceElement = "auths.services.AuthSvc";
    public const string GetCurrentUserFunction = "getCurrentUser";

    public async ValueTask<SessionValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (app.FindElements(AuthServiceElement).Count == 0)
        {
            return SessionValidation.Unavailable;
        }

        try
        {
            var user = await app.InvokeAsync(AuthServiceElement, GetCurrentUserFunction, new JsonObject { ["token"] = token }, cancellationToken);
            return user is null ? SessionValidation.Invalid : SessionValidation.Valid(user);
        }
        catch (ElementException ex) when (ex.Code.StartsWith("AUTH_", StringComparison.Ordinal) || ex.Code == ElementErrorCodes.InvalidArg)
        {
            return SessionValidation.Invalid;
        }
    }
}
