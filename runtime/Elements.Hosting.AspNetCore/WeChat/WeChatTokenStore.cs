namespace Elements.Hosting.AspNetCore.WeChat;

/// <summary>Where the host keeps WeChat access tokens (<c>Elements:WeChat:TokenStore</c>).</summary>
public enum WeChatTokenStore
{
    /// <summary>The database store when the token model (<c>wechat.models.AccessTokenModel</c>) lives in a PostgreSQL
    /// database, which several hosts may share; otherwise process memory.</summary>
    Auto = 0,

    /// <summary>Process memory: one token fetch per process and app.</summary>
    Memory = 1,

    /// <summary>The app's database through <c>wechat.models.AccessTokenModel</c>: every host sharing the database shares
    /// the token and its refresh lease, so one of them fetches it.</summary>
    Database = 2,
}
