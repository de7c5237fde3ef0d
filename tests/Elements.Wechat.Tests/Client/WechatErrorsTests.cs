using Elements.Wechat.Http;

namespace Elements.Wechat.Tests.Client;

public sealed class WechatErrorsTests
{
    [Theory]
    [InlineData(-1, WechatErrorClass.Transient, typeof(WechatTransientException))]
    [InlineData(40001, WechatErrorClass.InvalidCredential, typeof(WechatInvalidCredentialException))]
    [InlineData(40014, WechatErrorClass.InvalidCredential, typeof(WechatInvalidCredentialException))]
    [InlineData(42001, WechatErrorClass.InvalidCredential, typeof(WechatInvalidCredentialException))]
    [InlineData(45009, WechatErrorClass.RateLimited, typeof(WechatRateLimitedException))]
    [InlineData(45011, WechatErrorClass.RateLimited, typeof(WechatRateLimitedException))]
    [InlineData(45047, WechatErrorClass.RateLimited, typeof(WechatRateLimitedException))]
    [InlineData(40029, WechatErrorClass.InvalidCode, typeof(WechatInvalidCodeException))]
    [InlineData(40163, WechatErrorClass.InvalidCode, typeof(WechatInvalidCodeException))]
    [InlineData(42003, WechatErrorClass.InvalidCode, typeof(WechatInvalidCodeException))]
    [InlineData(40013, WechatErrorClass.Configuration, typeof(WechatConfigurationException))]
    [InlineData(40125, WechatErrorClass.Configuration, typeof(WechatConfigurationException))]
    [InlineData(40164, WechatErrorClass.Configuration, typeof(WechatConfigurationException))]
    [InlineData(43004, WechatErrorClass.UserSide, typeof(WechatUserException))]
    [InlineData(45015, WechatErrorClass.UserSide, typeof(WechatUserException))]
    [InlineData(48001, WechatErrorClass.UserSide, typeof(WechatUserException))]
    [InlineData(50001, WechatErrorClass.UserSide, typeof(WechatUserException))]
    [InlineData(40003, WechatErrorClass.Other, typeof(WechatException))]
    public void Errcodes_map_to_their_class_and_exception_type(int errcode, WechatErrorClass errorClass, Type type)
    {
        var error = WechatErrors.FromResponse(errcode, "text, rid: 6582f1a2-0b3c4d5e-7f8a9b0c", "/x");
        Assert.Equal(errorClass, WechatErrors.Classify(errcode));
        Assert.Equal(type, error.GetType());
        Assert.Equal($"WECHAT_{errcode}", error.Code);
        Assert.Equal("6582f1a2-0b3c4d5e-7f8a9b0c", error.Rid);
    }

    [Theory]
    [InlineData("invalid code, rid: 6582f1a2-0b3c4d5e-7f8a9b0c", "6582f1a2-0b3c4d5e-7f8a9b0c")]
    [InlineData("invalid code rid: abc", "abc")]
    [InlineData("invalid code", null)]
    [InlineData("", null)]
    public void Rid_is_taken_from_errmsg(string errmsg, string? rid) => Assert.Equal(rid, WechatErrors.ExtractRid(errmsg));

    [Fact]
    public void Uris_are_redacted_by_parameter_name()
    {
        var uri = new Uri("https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=S3CRET&js_code=CODE&grant_type=authorization_code&access_token=TOKEN&refresh_token=R&session_key=K");
        Assert.Equal(
            "https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=***&js_code=***&grant_type=authorization_code&access_token=***&refresh_token=***&session_key=***",
            WechatRedactor.RedactUri(uri));
    }
}
