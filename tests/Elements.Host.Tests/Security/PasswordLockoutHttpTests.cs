using System.Net;
using System.Net.Http.Json;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Security;

/// <summary>
/// Issue #9 security review, password guessing: after the Password element's lockoutThreshold (10 by default) failed
/// attempts on a username, the API answers 429 with Retry-After, without spending a password hash on the guess.
/// </summary>
public sealed class PasswordLockoutHttpTests
{
    private const string Passwords = "api/demo/SampleApp/auths/loginTypes/Passwords/";

    [Fact]
    public async Task Guessing_a_password_is_answered_429_with_retry_after_once_the_username_is_locked()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var password = "pw-" + Guid.NewGuid().ToString("N");
        using (var registered = await host.Http.PostAsJsonAsync(Passwords + "register", new { username = "frank", password }))
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        for (var i = 0; i < 10; i++)
        {
            using var wrong = await host.Http.PostAsJsonAsync(Passwords + "getLoginCode", new { username = "frank", password = "guess-" + i });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            Assert.Equal("AUTH_INVALID_CREDENTIALS", (string?)(await TestHost.ReadProblemAsync(wrong))["code"]);
        }

        using var locked = await host.Http.PostAsJsonAsync(Passwords + "getLoginCode", new { username = "frank", password });
        var problem = await TestHost.ReadProblemAsync(locked);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("AUTH_LOCKED_OUT", (string?)problem["code"]);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 900);
        Assert.Equal(retryAfter.Value.TotalSeconds, (double)problem["retryAfterSeconds"]!);
    }
}
