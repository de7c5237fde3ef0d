using System.Text.Json.Nodes;
using Elements.Activation;

namespace Elements.Host.Tests.TestElements;

/// <summary>
/// The fixture's session service (a Type; the fixture's <c>auths.services.AuthSvc</c> is an Instance of it, so the
/// class name never collides with a library's AuthSvc class). Knows one good token and one expired one.
/// </summary>
[ElementType("testing.HostAuthType")]
public sealed class HostAuthType
{
    public const string GoodToken = "good-token-0123456789";
    public const string ExpiredToken = "expired-token-0123456789";

    public JsonObject? GetCurrentUser(string token) => token switch
    {
        GoodToken => new JsonObject { ["userId"] = "u-1", ["name"] = "Test User" },
        ExpiredToken => throw new ElementException("AUTH_SESSION_EXPIRED", "the session has expired"),
        _ => null,
    };
}
