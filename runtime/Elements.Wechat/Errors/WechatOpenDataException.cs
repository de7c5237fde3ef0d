using System.Text.Json.Nodes;

namespace Elements.Wechat;

/// <summary>An encrypted or signed open-data payload was rejected. Code <c>WECHAT_OPENDATA_&lt;REASON&gt;</c>.</summary>
public sealed class WechatOpenDataException : ElementException
{
    public WechatOpenDataException(WechatOpenDataError reason, string message, Exception? innerException = null)
        : base("WECHAT_OPENDATA_" + ToCode(reason), message, innerException)
    {
        Reason = reason;
    }

    public WechatOpenDataError Reason { get; }

    public override JsonObject? Details => new() { ["reason"] = Reason.ToString() };

    private static string ToCode(WechatOpenDataError reason) => reason switch
    {
        WechatOpenDataError.InvalidInput => "INVALID_INPUT",
        WechatOpenDataError.BadPadding => "BAD_PADDING",
        WechatOpenDataError.NotJson => "NOT_JSON",
        WechatOpenDataError.MissingWatermark => "MISSING_WATERMARK",
        WechatOpenDataError.AppIdMismatch => "APPID_MISMATCH",
        WechatOpenDataError.SignatureMismatch => "SIGNATURE_MISMATCH",
        _ => "INVALID",
    };
}
