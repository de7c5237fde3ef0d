using System.Text.Json.Nodes;
using Elements.Hosting.AspNetCore.Api;
using Elements.Hosting.AspNetCore.Errors;
using Elements.Hosting.AspNetCore.Startup;
using Elements.Hosting.AspNetCore.WeChat;
using Elements.WeChat;

namespace Elements.Host.Tests;

public sealed class UnitTests
{
    [Theory]
    [InlineData("services/Echo/echo", "services.Echo", "echo")]
    [InlineData("a/b/c/D/fn", "a.b.c.D", "fn")]
    [InlineData("services/Echo/echo/", "services.Echo", "echo")]
    public void Route_maps_segments_to_element_and_function(string path, string element, string function)
    {
        Assert.True(ElementRoute.TryParse(path, out var route));
        Assert.Equal(new ElementRoute(element, function), route);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("echo")]
    [InlineData("services.Echo/echo")]
    public void Route_rejects_paths_without_a_plain_element(string? path) => Assert.False(ElementRoute.TryParse(path, out _));

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

    [Theory]
    [InlineData("http://[::]:5080", "http://127.0.0.1:5080")]
    [InlineData("http://0.0.0.0:5080/", "http://127.0.0.1:5080")]
    [InlineData("http://+:80", "http://127.0.0.1:80")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234")]
    [InlineData("http://[::1]:5080", "http://[::1]:5080")]
    [InlineData("https://example.com", "https://example.com")]
    public void Wildcard_addresses_become_loopback(string bound, string callable) =>
        Assert.Equal(callable, ServerAddresses.ToCallable(bound));

    [Theory]
    [InlineData(true, "http://127.0.0.1:5080", "http://[::1]:5080", "http://localhost:5080")]
    [InlineData(false, "http://127.0.0.1:5080", "http://0.0.0.0:5080")]
    [InlineData(false, "http://[::]:5080")]
    [InlineData(false, "http://+:5080")]
    [InlineData(false, "http://192.168.1.4:5080")]
    public void Loopback_only_is_detected(bool expected, params string[] addresses) =>
        Assert.Equal(expected, ServerAddresses.AllLoopback(addresses));

    [Fact]
    public void Banner_lists_every_address_and_the_mode()
    {
        var text = StartupBanner.Compose(["http://127.0.0.1:5080", "http://[::1]:5080"], "demo.SampleApp", WeChatMode.Live);

        Assert.Contains("POST http://127.0.0.1:5080/api/demo/SampleApp/<element/path>/<function>", text, StringComparison.Ordinal);
        Assert.Contains("Also on     http://[::1]:5080/", text, StringComparison.Ordinal);
        Assert.Contains("live", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Details_of_non_wechat_errors_are_not_needed_for_status() =>
        Assert.Equal(422, ErrorStatus.For(new DetailedException()));

    private sealed class DetailedException() : ElementException("SHOP_RULE", "x")
    {
        public override JsonObject? Details => new() { ["errcode"] = 1 };
    }
}
