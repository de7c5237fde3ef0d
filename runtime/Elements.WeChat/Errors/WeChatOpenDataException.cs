using System.Text.Json.Nodes;

namespace Elements.WeChat.Errors;

/// <summary>An encrypted or signed open-data payload was rejected. Code <c>WECHAT_OPENDATA_&lt;REASON&gt;</c>.</summary>
public sealed class WeChatOpenDataException : ElementException
{
    public WeChatOpenDataException(WeChatOpenDataError reason, string message, Exception? innerException = null)
        : base("WECHAT_OPENDATA_" + ToCode(reason), message, innerException)
    {
        Reason = reason;
    }

    public WeChatOpenDataError Reason { get; }

    public override JsonObject? Details => new() { ["reason"] = Reason.ToString() };

    private static string ToCode(WeChatOpenDataError reason) => reason switch
    {
        WeChatOpenDataError.InvalidInput => "INVALID_INPUT",
        WeChatOpenDataError.BadPadding => "BAD_PADDING",
        WeChatOpenDataError.NotJson => "NOT_JSON",
        WeChatOpenDataError.MissingWatermark => "MISSING_WATERMARK",
        WeChatOpenDataError.AppIdMismatch => "APPID_MISMATCH",
        WeChatOpenDataError.SignatureMismatch => "SIGNATURE_MISMATCH",
        _ => "INVALID",
    };
}
