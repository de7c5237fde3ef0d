namespace Elements.WeChat.Models;

/// <summary>The <c>phone_info</c> of <c>wxa/business/getuserphonenumber</c>.</summary>
public sealed record WeChatPhoneInfo(
    string PhoneNumber,
    string PurePhoneNumber,
    string CountryCode,
    string? WatermarkAppId,
    long? WatermarkTimestamp);
