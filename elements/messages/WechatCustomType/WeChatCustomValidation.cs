using System.Text;
using Elements.WeChat.Messages;

namespace Elements.Std.Messages;

/// <summary>
/// Checks the arguments of <c>messages.WechatCustomType</c>'s functions before any request is made and builds the
/// client's message objects. Errors are <see cref="MessageValidationException"/>s with the codes of
/// <see cref="MessageErrorCodes"/>; their messages never quote the content.
/// </summary>
public static class WeChatCustomValidation
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>WeChat openids (and the sandbox's) are 28 characters of A-Z a-z 0-9 _ -.</summary>
    public const int OpenIdLength = 28;

    /// <summary>
    /// The text limit: 2048 bytes of UTF-8, the figure commonly cited for customer-service text (WeChat truncates or
    /// rejects longer content); counted in bytes, so about 682 Chinese characters.
    /// </summary>
    public const int MaxContentBytes = 2048;

    /// <summary>Upper bound of a media_id / thumb_media_id (WeChat's are 43 to 64 characters).</summary>
    public const int MaxMediaIdLength = 256;

    /// <summary>Titles of news articles and mini-program cards.</summary>
    public const int MaxTitleLength = 128;

    public const int MaxDescriptionLength = 512;

    public const int MaxUrlLength = 2048;

    public const int MaxPagePathLength = 1024;

    public const int MaxKfAccountLength = 64;

    /// <summary>WeChat's customer-service news message carries exactly one article.</summary>
    public const int NewsArticleCount = 1;

    /// <summary>Items of one <c>sendTextBatch</c> call.</summary>
    public const int MaxBatchItems = 100;

    public static void ValidateOpenId(string? openid, string field = "openid")
    {
        if (string.IsNullOrEmpty(openid))
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidOpenId, field, $"'{field}' is required: the recipient's OpenID");
        }

        if (!IsValidOpenId(openid))
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidOpenId, field,
                $"'{field}' is not an OpenID: expected {OpenIdLength} characters of A-Z, a-z, 0-9, '_' or '-', got {openid.Length} character(s)"
                + (openid.Length == OpenIdLength ? " including others" : ""));
        }
    }

    public static bool IsValidOpenId(string? openid)
    {
        if (openid is null || openid.Length != OpenIdLength)
        {
            return false;
        }

        foreach (var c in openid)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static void ValidateContent(string? content, string field = "content")
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new MessageValidationException(MessageErrorCodes.EmptyContent, field, $"'{field}' is empty: a text message needs some text");
        }

        int bytes;
        try
        {
            bytes = Strict.GetByteCount(content);
        }
        catch (EncoderFallbackException)
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidContent, field, $"'{field}' is not valid text (it holds an unpaired surrogate)");
        }

        if (bytes > MaxContentBytes)
        {
            throw new MessageValidationException(MessageErrorCodes.ContentTooLong, field,
                $"'{field}' is {bytes} bytes of UTF-8; a text message holds at most {MaxContentBytes}");
        }
    }

    public static string? ValidateKfAccount(string? kfAccount, string field = "kfAccount")
    {
        if (string.IsNullOrWhiteSpace(kfAccount))
        {
            return null;
        }

        var at = kfAccount.IndexOf('@', StringComparison.Ordinal);
        if (kfAccount.Length > MaxKfAccountLength || at <= 0 || at == kfAccount.Length - 1 || kfAccount.IndexOf('@', at + 1) >= 0
            || kfAccount.Any(char.IsWhiteSpace))
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidKfAccount, field,
                $"'{field}' must look like account@wechat_id (at most {MaxKfAccountLength} characters, no spaces)");
        }

        return kfAccount;
    }

    public static WeChatTextMessage Text(string? openid, string? content, string? kfAccount)
    {
        ValidateOpenId(openid);
        ValidateContent(content);
        return new WeChatTextMessage(openid!, content!) { KfAccount = ValidateKfAccount(kfAccount) };
    }

    public static WeChatImageMessage Image(string? openid, string? mediaId, string? kfAccount)
    {
        ValidateOpenId(openid);
        Required(mediaId, "mediaId", MaxMediaIdLength);
        return new WeChatImageMessage(openid!, mediaId!) { KfAccount = ValidateKfAccount(kfAccount) };
    }

    public static WeChatNewsMessage News(string? openid, IReadOnlyList<WeChatNewsArticleInput?>? articles, string? kfAccount)
    {
        ValidateOpenId(openid);
        if (articles is null || articles.Count != NewsArticleCount)
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidArticleCount, "articles",
                $"'articles' must hold exactly {NewsArticleCount} article (WeChat's customer-service news carries one), got {articles?.Count ?? 0}");
        }

        var article = articles[0] ?? throw new MessageValidationException(MessageErrorCodes.MissingField, "articles[0]", "'articles[0]' is null");
        Required(article.Title, "articles[0].title", MaxTitleLength);
        Optional(article.Description, "articles[0].description", MaxDescriptionLength);
        Url(article.Url, "articles[0].url", required: true);
        Url(article.PicUrl, "articles[0].picurl", required: false);
        return new WeChatNewsMessage(openid!, [new WeChatNewsArticle(article.Title!, article.Description ?? "", article.Url!, article.PicUrl ?? "")])
        {
            KfAccount = ValidateKfAccount(kfAccount),
        };
    }

    public static WeChatMiniProgramPageMessage MiniProgramPage(
        string? openid, string? title, string? appid, string? pagepath, string? thumbMediaId, string? kfAccount)
    {
        ValidateOpenId(openid);
        Required(title, "title", MaxTitleLength);
        Required(appid, "appid", 64);
        if (appid!.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_'))
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidAppId, "appid", "'appid' must be a mini program's AppID (letters and digits)");
        }

        Required(pagepath, "pagepath", MaxPagePathLength);
        Required(thumbMediaId, "thumbMediaId", MaxMediaIdLength);
        return new WeChatMiniProgramPageMessage(openid!, title!, appid!, pagepath!, thumbMediaId!) { KfAccount = ValidateKfAccount(kfAccount) };
    }

    private static void Required(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MessageValidationException(MessageErrorCodes.MissingField, field, $"'{field}' is required");
        }

        Optional(value, field, maxLength);
    }

    private static void Optional(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw new MessageValidationException(MessageErrorCodes.FieldTooLong, field,
                $"'{field}' is {value.Length} characters; at most {maxLength} are allowed");
        }
    }

    private static void Url(string? value, string field, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                throw new MessageValidationException(MessageErrorCodes.MissingField, field, $"'{field}' is required");
            }

            return;
        }

        Optional(value, field, MaxUrlLength);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidUrl, field, $"'{field}' must be an absolute http or https URL");
        }
    }
}
