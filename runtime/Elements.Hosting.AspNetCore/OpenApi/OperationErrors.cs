using Elements.Definitions;
using Elements.Hosting.AspNetCore.Errors;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// The error codes a call of a function can answer with, by HTTP status: those of every call (the body, the
/// arguments, credentials, permission, limits) and those the function declares (<c>"errors"</c> in its e.json
/// entry), placed by the same rules as the answers (<see cref="ErrorStatus"/>). Server faults (500) are left to
/// the operation's default response: no client acts on them by code.
/// </summary>
internal static class OperationErrors
{
    private static readonly string[] EveryCall =
    [
        ElementErrorCodes.InvalidBody, ElementErrorCodes.UndeclaredArg, ElementErrorCodes.InvalidArg, ElementErrorCodes.MissingArg,
        // A bearer token that is not a live session is refused, not downgraded to an anonymous call.
        ElementErrorCodes.InvalidSession, ElementErrorCodes.LoginUnavailable,
        ElementErrorCodes.SignatureInvalid, ElementErrorCodes.SignatureExpired, ElementErrorCodes.Replay,
        ElementErrorCodes.Forbidden, ElementErrorCodes.BodyTooLarge, ElementErrorCodes.UnsupportedMediaType, ElementErrorCodes.RateLimited,
    ];

    public static IReadOnlyList<(int Status, IReadOnlyList<string> Codes)> Of(FunctionDefinition function, IReadOnlyDictionary<string, int>? appStatuses) =>
        ByStatus(Common(function.LoginRequired).Concat(function.Errors ?? []), appStatuses);

    /// <summary>The codes any call can meet, by status: the same for every function alike in <paramref name="loginRequired"/>.</summary>
    public static IReadOnlyList<(int Status, IReadOnlyList<string> Codes)> Common(bool loginRequired, IReadOnlyDictionary<string, int>? appStatuses) =>
        ByStatus(Common(loginRequired), appStatuses);

    private static IEnumerable<string> Common(bool loginRequired) => loginRequired ? [.. EveryCall, ElementErrorCodes.Unauthenticated] : EveryCall;

    private static IReadOnlyList<(int Status, IReadOnlyList<string> Codes)> ByStatus(IEnumerable<string> codes, IReadOnlyDictionary<string, int>? appStatuses) =>
    [
        .. codes
            .Distinct(StringComparer.Ordinal)
            .Select(code => (Code: code, Status: ErrorStatus.For(code, appStatuses)))
            .Where(c => !ErrorStatus.IsServerFault(c.Status))
            .GroupBy(c => c.Status)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(c => c.Code).Order(StringComparer.Ordinal)])),
    ];
}
