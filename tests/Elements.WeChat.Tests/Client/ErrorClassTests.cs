using Elements.WeChat.Errors;
using Elements.WeChat.Messages;
using Elements.WeChat.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Client;

/// <summary>Every error class and its retry rule, proven with the sandbox's call counters.</summary>
public sealed class ErrorClassTests : SandboxTestBase
{
    private const string Code2Session = "/sns/jscode2session";

    [Fact]
    public async Task Transient_errors_are_retried_with_backoff_then_succeed()
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, Errcode = -1, Count = 2 });
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);

        var session = await Client.Code2SessionAsync(MiniAppId, code.Code);

        Assert.Equal((await Sandbox.Control.GetUserAsync(MiniAppId, Alice)).OpenId, session.OpenId);
        Assert.Equal(3, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Fact]
    public async Task Transient_retries_are_bounded()
    {
        UseHarness(options => options.MaxRetryAttempts = 2);
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, Errcode = -1, Count = 10 });

        var error = await Assert.ThrowsAsync<WeChatTransientException>(() => Client.Code2SessionAsync(MiniAppId, "any"));

        Assert.Equal("WECHAT_-1", error.Code);
        Assert.Equal(-1, error.Errcode);
        Assert.Equal(WeChatErrorClass.Transient, error.ErrorClass);
        Assert.Equal(3, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Theory]
    [InlineData(45009)]
    [InlineData(45011)]
    [InlineData(45047)]
    public async Task Rate_limits_are_never_retried(int errcode)
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, Errcode = errcode, Count = 5 });

        var error = await Assert.ThrowsAsync<WeChatRateLimitedException>(() => Client.Code2SessionAsync(MiniAppId, "any"));

        Assert.Equal(errcode, error.Errcode);
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Fact]
    public async Task Invalid_codes_are_their_own_class_and_keep_errcode_errmsg_endpoint_rid()
    {
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        await Client.Code2SessionAsync(MiniAppId, code.Code);

        var used = await Assert.ThrowsAsync<WeChatInvalidCodeException>(() => Client.Code2SessionAsync(MiniAppId, code.Code));
        var unknown = await Assert.ThrowsAsync<WeChatInvalidCodeException>(() => Client.Code2SessionAsync(MiniAppId, "never-minted"));

        Assert.Equal("WECHAT_40163", used.Code);
        Assert.Equal(40163, used.Errcode);
        Assert.StartsWith("code been used", used.Errmsg);
        Assert.Equal(Code2Session, used.Endpoint);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$", used.Rid);
        Assert.Equal(40029, unknown.Errcode);
        var details = used.Details!;
        Assert.Equal(40163, details["errcode"]!.GetValue<int>());
        Assert.Equal(used.Errmsg, details["errmsg"]!.GetValue<string>());
        Assert.Equal(Code2Session, details["endpoint"]!.GetValue<string>());
        Assert.Equal(used.Rid, details["rid"]!.GetValue<string>());
        Assert.IsAssignableFrom<ElementException>(used);
        Assert.Equal(3, await Sandbox.Control.GetCallCountAsync(Code2Session)); // no retries of invalid codes
    }

    [Fact]
    public async Task Expired_codes_are_invalid_codes()
    {
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromMinutes(6));
        var error = await Assert.ThrowsAsync<WeChatInvalidCodeException>(() => Client.Code2SessionAsync(MiniAppId, code.Code));
        Assert.Equal(40029, error.Errcode);
    }

    [Fact]
    public async Task Configuration_errors_wrong_secret_and_unknown_appid()
    {
        UseHarness(options =>
        {
            options.AddApp(MiniAppId, "not-the-secret");
            options.AddApp("wxnotatwechat", "whatever-secret");
        });

        var wrongSecret = await Assert.ThrowsAsync<WeChatConfigurationException>(() => Client.Code2SessionAsync(MiniAppId, "code"));
        var unknownApp = await Assert.ThrowsAsync<WeChatConfigurationException>(() => Client.Code2SessionAsync("wxnotatwechat", "code"));

        Assert.Equal(40125, wrongSecret.Errcode);
        Assert.Equal(40013, unknownApp.Errcode);
        Assert.Equal(WeChatErrorClass.Configuration, unknownApp.ErrorClass);
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Fact]
    public async Task Ip_whitelist_is_a_configuration_error()
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/stable_token", Errcode = 40164 });
        var error = await Assert.ThrowsAsync<WeChatConfigurationException>(() => Client.GetAccessTokenAsync(OfficialAppId));
        Assert.Equal("WECHAT_40164", error.Code);
    }

    [Fact]
    public async Task Apps_missing_from_the_options_fail_before_any_call()
    {
        var error = await Assert.ThrowsAsync<WeChatAppNotConfiguredException>(() => Client.Code2SessionAsync("wxunconfigured", "code"));
        Assert.Equal("WECHAT_APP_NOT_CONFIGURED", error.Code);
        Assert.Equal(0, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Theory]
    [InlineData(43004)]
    [InlineData(50001)]
    public async Task User_side_errors_are_typed(int errcode)
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/message/custom/send", Errcode = errcode });
        var openId = (await Sandbox.Control.GetUserAsync(OfficialAppId, Alice)).OpenId;
        var error = await Assert.ThrowsAsync<WeChatUserException>(() => Client.SendCustomMessageAsync(OfficialAppId, new WeChatTextMessage(openId, "hi")));
        Assert.Equal(errcode, error.Errcode);
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync("/cgi-bin/message/custom/send"));
    }

    [Fact]
    public async Task Other_errcodes_are_plain_wechat_exceptions()
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, Errcode = 40226, Errmsg = "code blocked" });
        var error = await Assert.ThrowsAsync<WeChatException>(() => Client.Code2SessionAsync(MiniAppId, "code"));
        Assert.Equal(typeof(WeChatException), error.GetType());
        Assert.Equal("WECHAT_40226", error.Code);
        Assert.Equal(WeChatErrorClass.Other, error.ErrorClass);
        Assert.NotNull(error.Rid);
    }

    [Fact]
    public async Task Http_500_is_retried_then_reported_as_an_http_error()
    {
        UseHarness(options => options.MaxRetryAttempts = 1);
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, HttpStatus = 500, Count = 5 });

        var error = await Assert.ThrowsAsync<WeChatHttpException>(() => Client.Code2SessionAsync(MiniAppId, "code"));

        Assert.Equal("WECHAT_HTTP", error.Code);
        Assert.Equal(WeChatHttpFailureKind.Status, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.Null(error.Errcode);
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Fact]
    public async Task Http_500_once_is_absorbed_by_a_retry()
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, HttpStatus = 502 });
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        var session = await Client.Code2SessionAsync(MiniAppId, code.Code);
        Assert.NotEmpty(session.OpenId);
        Assert.Equal(2, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Fact]
    public async Task Malformed_json_is_an_http_error_and_not_retried()
    {
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, MalformedJson = true, Count = 5 });
        var error = await Assert.ThrowsAsync<WeChatHttpException>(() => Client.Code2SessionAsync(MiniAppId, "code"));
        Assert.Equal(WeChatHttpFailureKind.MalformedResponse, error.Kind);
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync(Code2Session));
    }

    [Fact]
    public async Task Dropped_connections_are_retried_then_reported()
    {
        UseHarness(options => options.MaxRetryAttempts = 2);
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, DropConnection = true, Count = 5 });
        var error = await Assert.ThrowsAsync<WeChatHttpException>(() => Client.Code2SessionAsync(MiniAppId, "code"));
        Assert.Equal(WeChatHttpFailureKind.Connection, error.Kind);
        Assert.Equal(3, await Sandbox.Control.GetCallCountAsync(Code2Session));

        await Sandbox.Control.ClearFaultsAsync();
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, DropConnection = true });
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        Assert.NotEmpty((await Client.Code2SessionAsync(MiniAppId, code.Code)).SessionKey);
    }

    [Fact]
    public async Task Slow_answers_time_out_with_a_timeout_error()
    {
        UseHarness(options =>
        {
            options.MaxRetryAttempts = 1;
            options.AttemptTimeout = TimeSpan.FromMilliseconds(400);
            options.Timeout = TimeSpan.FromSeconds(10);
        });
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, DelayMs = 5000, Count = 5 });

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<WeChatTimeoutException>(() => Client.Code2SessionAsync(MiniAppId, "code"));

        Assert.Equal("WECHAT_TIMEOUT", error.Code);
        Assert.Equal(Code2Session, error.Endpoint);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), "the attempt timeout must cut the 5 s delays short");
        // The retry is attempted; under heavy load it may time out before reaching the server.
        Assert.InRange(await Sandbox.Control.GetCallCountAsync(Code2Session), 1, 2);
    }

    [Fact]
    public async Task The_total_timeout_bounds_the_call_including_retries()
    {
        UseHarness(options =>
        {
            options.MaxRetryAttempts = 5;
            options.AttemptTimeout = TimeSpan.FromSeconds(10);
            options.Timeout = TimeSpan.FromMilliseconds(300);
        });
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, DelayMs = 3000 });
        var error = await Assert.ThrowsAsync<WeChatTimeoutException>(() => Client.Code2SessionAsync(MiniAppId, "code"));
        Assert.Equal(TimeSpan.FromMilliseconds(300), error.Timeout);
    }

    [Fact]
    public async Task A_slow_first_attempt_is_retried_and_succeeds()
    {
        UseHarness(options => options.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = Code2Session, DelayMs = 3000 });
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        Assert.NotEmpty((await Client.Code2SessionAsync(MiniAppId, code.Code)).OpenId);
    }
}
