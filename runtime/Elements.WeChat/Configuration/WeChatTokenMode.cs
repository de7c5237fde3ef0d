namespace Elements.WeChat.Configuration;

/// <summary>How the client obtains the app's client-credential access token.</summary>
public enum WeChatTokenMode
{
    /// <summary><c>POST /cgi-bin/stable_token</c>: repeated fetches return the same token, so several servers never invalidate each other.</summary>
    Stable = 0,

    /// <summary><c>GET /cgi-bin/token</c>: each fetch supersedes the previous token (old one lives 5 more minutes).</summary>
    Classic = 1,
}
