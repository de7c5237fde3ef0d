namespace Elements.WeChat.Errors;

/// <summary>What a WeChat errcode means for the caller; decides the exception type and the retry rule.</summary>
public enum WeChatErrorClass
{
    /// <summary>Any errcode without a more specific class.</summary>
    Other = 0,

    /// <summary>-1 (system busy): retried with backoff, a bounded number of times.</summary>
    Transient,

    /// <summary>40001 / 40014 / 42001: the access token is not (or no longer) accepted; the cached token is dropped and the call retried once.</summary>
    InvalidCredential,

    /// <summary>45009 / 45011 / 45047: a quota; retrying only burns more of it, so never retried.</summary>
    RateLimited,

    /// <summary>40029 / 40163 / 42003: the login / OAuth / phone code is unknown, used or expired.</summary>
    InvalidCode,

    /// <summary>40013 / 40125 / 40164: the app's id, secret or IP whitelist is wrong; only an operator can fix it.</summary>
    Configuration,

    /// <summary>43004 / 45015 / 48001 / 50001: the user (or the scope they granted) does not allow the call.</summary>
    UserSide,
}
