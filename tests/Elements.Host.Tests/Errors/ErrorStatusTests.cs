using System.Text.Json.Nodes;
using Elements.Hosting.AspNetCore.Errors;
using Elements.WeChat.Errors;

namespace Elements.Host.Tests.Errors;

/// <summary><see cref="ErrorStatus"/>: each error code answers with its HTTP status.</summary>
public sealed class ErrorStatusTests
{
    [Theory]
    [InlineData("EL_UNKNOWN_ELEMENT", 404)]
    [InlineData("EL_UNKNOWN_FUNCTION", 404)]
    [InlineData("EL_UNKNOWN_APP", 404)]
    [InlineData("EL_UNDECLARED_ARG", 400)]
    [InlineData("EL_MISSING_ARG", 400)]
    [InlineData("EL_INVALID_ARG", 400)]
    [InlineData("EL_UNAUTHENTICATED", 401)]
    [InlineData("EL_INVALID_SESSION", 401)]
    [InlineData("EL_FUNCTION_FAILED", 500)]
    [InlineData("EL_ACTIVATION_FAILED", 500)]
    [InlineData("EL_ACTIVATION_CYCLE", 500)]
    [InlineData("DB_CONSTRAINT", 422)]
    [InlineData("DB_REFERENCED", 409)]
    [InlineData("WECHAT_TIMEOUT", 504)]
    [InlineData("WECHAT_HTTP", 502)]
    [InlineData("AUTH_LOCKED_OUT", 429)]
    public void Codes_map_to_statuses(string code, int status) => Assert.Equal(status, ErrorStatus.For(new ElementException(code, "x")));

    [Fact]
    public void WeChat_errors_with_an_errcode_are_422()
    {
        Assert.Equal(422, ErrorStatus.For(new WeChatException(40163, "code been used", "/sns/jscode2session", null)));
        Assert.Equal(503, ErrorStatus.For(new WeChatException(-1, "system error", "/sns/jscode2session", null)));
    }

    [Fact]
    public void Details_of_non_wechat_errors_are_not_needed_for_status() =>
        Assert.Equal(422, ErrorStatus.For(new DetailedException()));

    private sealed class DetailedException() : ElementException("SHOP_RULE", "x")
    {
        public override JsonObject? Details => new() { ["errcode"] = 1 };
    }
}
