namespace Elements.WeChat.Models;

/// <summary>The web OAuth2 scopes of official accounts.</summary>
public static class WeChatScopes
{
    /// <summary>Silent: yields the openid only; <c>sns/userinfo</c> answers 48001.</summary>
    public const string Base = "snsapi_base";

    /// <summary>Asks the user for consent; yields the profile through <c>sns/userinfo</c>.</summary>
    public const string UserInfo = "snsapi_userinfo";
}
