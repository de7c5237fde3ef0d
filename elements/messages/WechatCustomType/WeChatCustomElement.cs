using Elements.Activation;
using Elements.Configuration;
using Elements.WeChat.Client;
using Elements.WeChat.Configuration;
using Elements.WeChat.Errors;
using Elements.WeChat.Messages;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Messages;

/// <summary>
/// <c>messages.WechatCustomType</c>: WeChat Official Account customer-service messages (text, image, news,
/// mini-program card) sent as the official account of the instance's config, plus <c>sendTextBatch</c> with n8n's
/// "Continue on Fail" semantics.
/// <para>
/// The shared client finds the instance's appId / appSecret / tokenMode in its config
/// (<see cref="Std.WeChatApps.WeChatElementApps"/>), so it (its access-token store with single-flight refresh, its one refresh-and-retry on a rejected
/// token) serves this account; an app the host configures explicitly keeps the host's settings. Arguments are
/// validated before any request (<see cref="WeChatCustomValidation"/>); WeChat's errors pass through as the client's
/// <see cref="WeChatException"/>s (<c>WECHAT_&lt;errcode&gt;</c> with errcode, errmsg, rid in their details).
/// </para>
/// </summary>
[ElementType("messages.WechatCustomType", ConfigType = typeof(WeChatCustomConfig))]
public sealed partial class WeChatCustomElement
{
    private readonly WeChatCustomConfig _config;
    private readonly IWeChatClient _client;
    private readonly ILogger<WeChatCustomElement> _logger;

    public WeChatCustomElement(
        ElementContext context,
        WeChatCustomConfig config,
        IWeChatClient client,
        ILogger<WeChatCustomElement> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        FullName = context.FullName;
        _config = config;
        _client = client;
        _logger = logger;
    }

    public string FullName { get; }

    /// <summary>The official account the messages are sent as.</summary>
    public string AppId => _config.AppId;

    public WeChatTokenMode TokenMode => _config.ParsedTokenMode;

    /// <summary>n8n's "send text message": a text message to a follower who wrote to the account within 48 hours.</summary>
    public Task<WeChatSendResult> SendTextAsync(string? openid = null, string? content = null, string? kfAccount = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(WeChatCustomValidation.Text(openid, content, kfAccount), cancellationToken);

    public Task<WeChatSendResult> SendImageAsync(string? openid = null, string? mediaId = null, string? kfAccount = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(WeChatCustomValidation.Image(openid, mediaId, kfAccount), cancellationToken);

    public Task<WeChatSendResult> SendNewsAsync(string? openid = null, List<WeChatNewsArticleInput?>? articles = null, string? kfAccount = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(WeChatCustomValidation.News(openid, articles, kfAccount), cancellationToken);

    public Task<WeChatSendResult> SendMiniProgramPageAsync(string? openid = null, string? title = null, string? appid = null, string? pagepath = null,
        string? thumbMediaId = null, string? kfAccount = null, CancellationToken cancellationToken = default) =>
        SendAsync(WeChatCustomValidation.MiniProgramPage(openid, title, appid, pagepath, thumbMediaId, kfAccount), cancellationToken);

    /// <summary>
    /// Sends the items one after the other, in input order (WeChat counts messages per user interaction, so order
    /// matters). One result per item. With <paramref name="continueOnFail"/> a failed item (invalid input or a WeChat
    /// error) yields <c>{error: {code, message, errcode?}}</c> and the batch goes on; without it the first failure
    /// stops the batch with <see cref="MessageBatchStoppedException"/> (<c>MSG_BATCH_STOPPED</c>) telling how many were
    /// sent. Cancellation stops the batch either way.
    /// </summary>
    public async Task<List<WeChatTextBatchItemResult>> SendTextBatchAsync(List<WeChatTextBatchItem?>? items = null, bool continueOnFail = false,
        CancellationToken cancellationToken = default)
    {
        if (items is null)
        {
            throw new MessageValidationException(MessageErrorCodes.InvalidBatch, "items", "'items' is required: a list of {openid, content}");
        }

        if (items.Count > WeChatCustomValidation.MaxBatchItems)
        {
            throw new MessageValidationException(MessageErrorCodes.BatchTooLarge, "items",
                $"'items' holds {items.Count} messages; a batch sends at most {WeChatCustomValidation.MaxBatchItems}");
        }

        var results = new List<WeChatTextBatchItemResult>(items.Count);
        var sent = 0;
        for (var index = 0; index < items.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = items[index];
            try
            {
                if (item is null)
                {
                    throw new MessageValidationException(MessageErrorCodes.InvalidBatch, $"items[{index}]", $"'items[{index}]' is null");
                }

                var response = await SendAsync(WeChatCustomValidation.Text(item.Openid, item.Content, item.KfAccount), cancellationToken)
                    .ConfigureAwait(false);
                sent++;
                results.Add(new WeChatTextBatchItemResult
                {
                    Index = index,
                    Openid = item.Openid,
                    Errcode = response.Errcode,
                    Errmsg = response.Errmsg,
                    Msgid = response.Msgid,
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var error = Describe(ex);
                LogBatchItemFailed(_logger, FullName, index, items.Count, error.Code, continueOnFail);
                if (!continueOnFail)
                {
                    throw new MessageBatchStoppedException(sent, index, items.Count, error, ex);
                }

                results.Add(new WeChatTextBatchItemResult { Index = index, Openid = item?.Openid, Error = error });
            }
        }

        LogBatchDone(_logger, FullName, sent, items.Count);
        return results;
    }

    public override string ToString() => $"{FullName} (WeChat customer service of {_config.AppId}, {_config.TokenMode} token)";

    private async Task<WeChatSendResult> SendAsync(WeChatCustomMessage message, CancellationToken cancellationToken)
    {
        try
        {
            // The client answers nothing but success ({errcode: 0, errmsg: "ok"}) or throws WeChat's error.
            await _client.SendCustomMessageAsync(_config.AppId, message, cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatException ex)
        {
            LogSendFailed(_logger, FullName, message.MsgType, _config.AppId, ex.Code);
            throw;
        }

        LogSent(_logger, FullName, message.MsgType, _config.AppId, MaskOpenId(message.ToUser));
        return WeChatSendResult.Ok;
    }

    private MessageBatchItemError Describe(Exception ex) => ex switch
    {
        WeChatException wechat => new MessageBatchItemError(wechat.Code, wechat.Message, wechat.Errcode),
        ElementException element => new MessageBatchItemError(element.Code, element.Message),
        // Not expected (the client wraps transport failures); the text may come from anywhere, so secrets are masked.
        _ => new MessageBatchItemError(MessageErrorCodes.SendFailed, Scrub(ex.Message)),
    };

    private string Scrub(string text) =>
        _config.AppSecret.Length >= 4 ? text.Replace(_config.AppSecret, SecretRedactor.Mask, StringComparison.Ordinal) : text;

    /// <summary>Openids identify people: logs keep only enough to correlate.</summary>
    private static string MaskOpenId(string openid) => openid.Length <= 8 ? SecretRedactor.Mask : openid[..6] + "…" + openid[^2..];

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "{Element} sent a {MsgType} customer-service message as {AppId} to {OpenId}")]
    private static partial void LogSent(ILogger logger, string element, string msgType, string appId, string openId);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "{Element} could not send a {MsgType} customer-service message as {AppId}: {Code}")]
    private static partial void LogSendFailed(ILogger logger, string element, string msgType, string appId, string code);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "{Element} batch item {Index} of {Total} failed with {Code} (continueOnFail: {ContinueOnFail})")]
    private static partial void LogBatchItemFailed(ILogger logger, string element, int index, int total, string code, bool continueOnFail);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "{Element} batch done: {Sent} of {Total} sent")]
    private static partial void LogBatchDone(ILogger logger, string element, int sent, int total);
}
