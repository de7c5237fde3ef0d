using System.Text.Json.Nodes;

namespace Elements.Std.Auths;

/// <summary>
/// An external identity that is not bound to a user yet, carried by a bindCode until <c>register</c>. The whole
/// record is encrypted at rest (FieldProtector) while the bindCode lives.
/// </summary>
/// <param name="LoginElement">Full name of the login instance that issued the bindCode (e.g. auths.loginTypes.myWeChatMiniLogin); only it may redeem.</param>
/// <param name="AppId">The WeChat app id (or other provider's client id); may be empty for providers without one.</param>
/// <param name="OpenId">The provider's user id within <paramref name="AppId"/>.</param>
/// <param name="UnionId">The provider's cross-app id, if any.</param>
/// <param name="Secret">A secret the login type needs when it binds (e.g. the session_key); never returned anywhere.</param>
/// <param name="Profile">Non-secret profile values for the new user (name, avatar), optional.</param>
public sealed record PendingIdentity(string LoginElement, string AppId, string OpenId, string? UnionId, string? Secret = null, JsonObject? Profile = null)
{
    public override string ToString() =>
        $"PendingIdentity {{ LoginElement = {LoginElement}, AppId = {AppId}, OpenId = {OpenId}, UnionId = {UnionId}, Secret = ***, Profile = {Profile?.ToJsonString()} }}";

    internal JsonObject ToJson() => new()
    {
        ["loginElement"] = LoginElement,
        ["appId"] = AppId,
        ["openId"] = OpenId,
        ["unionId"] = UnionId,
        ["secret"] = Secret,
        ["profile"] = Profile?.DeepClone(),
    };

    internal static PendingIdentity FromJson(JsonObject json) => new(
        (string?)json["loginElement"] ?? "",
        (string?)json["appId"] ?? "",
        (string?)json["openId"] ?? "",
        (string?)json["unionId"],
        (string?)json["secret"],
        json["profile"] as JsonObject is { } p ? (JsonObject)p.DeepClone() : null);
}
