using System.Text.Json.Nodes;
using System.Web;
using Elements.Std.Auths.WeChatPublic;
using Elements.Std.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Elements.Std.Tests.Auths.LoginTypes.WechatPublicType;

/// <summary>The callback's state: tampered, foreign, replayed, expired, missing or malformed states are refused, each with its own code.</summary>
public sealed class StateTests
{
    private static Task<JsonNode?> GetLoginCode(WeChatPublicLoginHarness h, string? code, string? state, string element = WeChatPublicLoginHarness.Instance) =>
        h.InvokeAsync(element, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state });

    private static async Task<string> RefusedAsync(Func<Task> call) => (await Assert.ThrowsAsync<ElementException>(call)).Code;

    [Fact]
    public async Task A_tampered_state_is_refused_before_the_code_is_spent()
    {
        await using var h = await WeChatPublicLoginHarness.StartAsync();
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        await h.Sandbox.Control.ClearCallCountsAsync();

        // Any changed character: in the nonce, the expiry (pushed later), the signature, or a truncation.
        var nonceFlip = state[..20] + (state[20] == 'a' ? 'b' : 'a') + state[21..];
        var later = state[..10] + "9999999999" + state[20..];
        var macFlip = state[..^1] + (state[^1] == '0' ? '1' : '0');
        foreach (var forged in new[] { nonceFlip, later, macFlip })
        {
            Assert.Equal(WeChatPublicErrorCodes.StateInvalid, await RefusedAsync(() => GetLoginCode(h, code, forged)));
        }

        Assert.Equal(WeChatPublicErrorCodes.StateMalformed, await RefusedAsync(() => GetLoginCode(h, code, state[..^2])));
        Assert.Equal(WeChatPublicErrorCodes.StateMalformed, await RefusedAsync(() => GetLoginCode(h, code, "custom_state_value")));
        Assert.Equal(WeChatPublicErrorCodes.StateMissing, await RefusedAsync(() => GetLoginCode(h, code, "")));
        Assert.Equal(WeChatPublicErrorCodes.StateMissing, await RefusedAsync(() => GetLoginCode(h, code, null)));

        // None of that reached WeChat: the genuine callback still works with the same code.
        Assert.Equal(0, await h.Sandbox.Control.GetCallCountAsync("/sns/oauth2/access_token"));
        var result = await GetLoginCode(h, code, state);
        Assert.NotNull(result!["bindCode"]);
    }

    [Fact]
    public async Task A_state_of_another_login_instance_is_foreign_and_a_used_state_is_a_replay()
    {
        await using var h = await WeChatPublicLoginHarness.StartAsync();
        // Issued by OtherWechatLogin (another official account), presented to MyWechatLogin.
        var otherLogin = await h.StartLoginAsync(WeChatPublicLoginHarness.Callback.Replace("?next", "?x", StringComparison.Ordinal), WeChatPublicLoginHarness.OtherInstance);
        var foreignState = HttpUtility.ParseQueryString(new Uri(otherLogin.Split('#')[0]).Query)["state"]!;
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        Assert.Equal(WeChatPublicErrorCodes.StateForeign, await RefusedAsync(() => GetLoginCode(h, code, foreignState)));

        // And the other way round.
        var (otherCode, otherState, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob, WeChatPublicLoginHarness.OtherInstance);
        Assert.Equal(WeChatPublicErrorCodes.StateForeign, await RefusedAsync(() => GetLoginCode(h, otherCode, state, WeChatPublicLoginHarness.OtherInstance)));

        Assert.NotNull((await GetLoginCode(h, code, state))!["bindCode"]);
        var (code2, _, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        Assert.Equal(WeChatPublicErrorCodes.StateReplayed, await RefusedAsync(() => GetLoginCode(h, code2, state)));
        Assert.NotNull((await GetLoginCode(h, otherCode, otherState, WeChatPublicLoginHarness.OtherInstance))!["bindCode"]);
    }

    [Fact]
    public async Task A_denied_consent_comes_back_without_a_code_and_leaves_the_state_unused()
    {
        await using var h = await WeChatPublicLoginHarness.StartAsync();
        var login = await h.StartLoginAsync();
        var denied = HttpUtility.ParseQueryString((await h.ConsentAsync(login, WeChatPublicLoginHarness.Alice, "deny")).Query);
        Assert.Null(denied["code"]);
        var state = denied["state"]!;
        var ex = await Assert.ThrowsAsync<ElementException>(() => GetLoginCode(h, null, state));
        Assert.Equal(WeChatPublicErrorCodes.ArgumentMissing, ex.Code);

        // The user changes their mind on the same page: the same state still works once.
        var allowed = HttpUtility.ParseQueryString((await h.ConsentAsync(login, WeChatPublicLoginHarness.Alice)).Query);
        Assert.Equal(state, allowed["state"]);
        Assert.NotNull((await GetLoginCode(h, allowed["code"]!, state))!["bindCode"]);
    }

    [Fact]
    public async Task An_expired_state_is_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await WeChatPublicLoginHarness.StartAsync(config: c => c["stateTtlSeconds"] = 120, time: time);
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        time.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(WeChatPublicErrorCodes.StateExpired, await RefusedAsync(() => GetLoginCode(h, code, state)));

        // Within the lifetime it works.
        var (code2, state2, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        time.Advance(TimeSpan.FromSeconds(100));
        Assert.NotNull((await GetLoginCode(h, code2, state2))!["bindCode"]);
    }

    [Fact]
    public async Task A_pinned_state_is_sent_as_is_and_compared_exactly()
    {
        await using var h = await WeChatPublicLoginHarness.StartAsync(config: c => c["state"] = "userInfoAuth42");
        var login = await h.StartLoginAsync();
        Assert.Contains("&state=userInfoAuth42#wechat_redirect", login);
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        Assert.Equal("userInfoAuth42", state);
        Assert.Equal(WeChatPublicErrorCodes.StateInvalid, await RefusedAsync(() => GetLoginCode(h, code, "userInfoAuth43")));
        Assert.Equal(WeChatPublicErrorCodes.StateInvalid, await RefusedAsync(() => GetLoginCode(h, code, "userInfoAuth4")));
        Assert.Equal(WeChatPublicErrorCodes.StateMissing, await RefusedAsync(() => GetLoginCode(h, code, "")));
        Assert.NotNull((await GetLoginCode(h, code, state))!["bindCode"]);
    }

    [Fact]
    public void Issued_states_fit_wechats_rule_and_verify_only_with_the_same_key_and_issuer()
    {
        var key = new byte[32];
        var issuer = new WeChatPublicState("wxapp", "auths.loginTypes.A", key);
        var now = DateTimeOffset.UtcNow;
        var state = issuer.Issue(now.AddMinutes(10));
        Assert.True(state.Length <= 128);
        Assert.All(state, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.Equal(32, issuer.Verify(state, now).Length);

        var otherKey = new WeChatPublicState("wxapp", "auths.loginTypes.A", [.. Enumerable.Repeat((byte)1, 32)]);
        Assert.Equal(WeChatPublicErrorCodes.StateInvalid, Assert.Throws<ElementException>(() => otherKey.Verify(state, now)).Code);
        var otherInstance = new WeChatPublicState("wxapp", "auths.loginTypes.B", key);
        Assert.Equal(WeChatPublicErrorCodes.StateForeign, Assert.Throws<ElementException>(() => otherInstance.Verify(state, now)).Code);
        Assert.Equal(WeChatPublicErrorCodes.StateExpired, Assert.Throws<ElementException>(() => issuer.Verify(state, now.AddMinutes(11))).Code);
    }
}
