using Elements.WeChat.Errors;
using Elements.WeChat.Http;

namespace Elements.WeChat.Tests.Client;

public sealed class WeChatErrorsTests
{
    [Theory]
    [InlineData(-1, WeChatErrorClass.Transient, typeof(WeChatTransientException))]
    [InlineData(40001, WeChatErrorClass.InvalidCredential, typeof(WeChatInvalidCredentialException))]
    [InlineData(40014, WeChatErrorClass.InvalidCredential, typeof(WeChatInvalidCredentialException))]
    [InlineData(42001, WeChatErrorClass.InvalidCredential, typeof(WeChatInvalidCredentialException))]
    [InlineData(45009, WeChatErrorClass.RateLimited, typeof(WeChatRateLimitedException))]
    [InlineData(45011, WeChatErrorClass.RateLimited, typeof(WeChatRateLimitedException))]
    [InlineData(45047, WeChatErrorClass.RateLimited, typeof(WeChatRateLimitedException))]
    [InlineData(40029, WeChatErrorClass.InvalidCode, typeof(WeChatInvalidCodeException))]
    [InlineData(40163, WeChatErrorClass.InvalidCode, typeof(WeChatInvalidCodeException))]
    [InlineData(42003, WeChatErrorClass.InvalidCode, typeof(WeChatInvalidCodeException))]
    [InlineData(40013, WeChatErrorClass.Configuration, typeof(WeChatConfigurationException))]
    [InlineData(40125, WeChatErrorClass.Configuration, typeof(WeChatConfigurationException))]
    [InlineData(40164, WeChatErrorClass.Configuration, typeof(WeChatConfigurationException))]
    [InlineData(43004, WeChatErrorClass.UserSide, typeof(WeChatUserException))]
    [InlineData(45015, WeChatErrorClass.UserSide, typeof(WeChatUserException))]
    [InlineData(48001, WeChatErrorClass.UserSide, typeof(WeChatUserException))]
    [InlineData(50001, WeChatErrorClass.UserSide, typeof(WeChatUserException))]
    [InlineData(40003, WeChatErrorClass.Other, typeof(WeChatException))]
    public void Errcodes_map_to_their_class_and_exception_type(int errcode, WeChatErrorClass errorClass, Type type)
    {
        var error = WeChatErrors.FromResponse(errcode, "text, rid: 6582f1a2-0b3c4d5e-7f8a9b0c", "/x");
        Assert.Equal(errorClass, WeChatErrors.Classify(errcode));
        Assert.Equal(type, error.GetType());
        Assert.Equal($"WECHAT_{errcode}", error.Code);
        Assert.Equal("6582f1a2-0b3c4d5e-7f8a9b0c", error.Rid);
    }

    [Theory]
    [InlineData("invalid code, rid: 6582f1a2-0b3c4d5e-7f8a9b0c", "6582f1a2-0b3c4d5e-7f8a9b0c")]
    [InlineData("invalid code rid: abc", "abc")]
    [InlineData("invalid code", null)]
    [InlineData("", null)]
    public void Rid_is_taken_from_errmsg(string errmsg, string? rid) => Assert.Equal(rid, WeChatErrors.ExtractRid(errmsg));

    [Fact]
    public void Uris_are_redacted_by_parameter_name()
    {
        var uri = new Uri("https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=S3CRET&js_code=CODE&grant_type=authorization_code&access_token=TOKEN&refresh_token=R&session_key=K");
        Assert.Equal(
            "https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=***&js_code=***&grant_type=authorization_code&access_token=***&refresh_token=***&session_key=***",
            WeChatRedactor.RedactUri(uri));
    }
}
