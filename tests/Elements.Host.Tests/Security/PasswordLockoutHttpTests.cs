using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Elements.Host.Tests.Support;
using Elements.Std.Auths;
using Elements.Testing.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests.Security;

/// <summary>
/// Issue #9 security review, password guessing: after the Password element's lockoutThreshold (10 by default) failed
/// attempts on a username, the API answers 429 with Retry-After, without spending a password hash on the guess; and
/// (issue 14) that holds however many guesses arrive at once, and a full hashing queue answers 503 with Retry-After.
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

    [Fact]
    public async Task Two_hundred_parallel_guesses_over_http_get_ten_checked_and_the_right_password_then_stays_locked()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var password = "pw-" + Guid.NewGuid().ToString("N");
        using (var registered = await host.Http.PostAsJsonAsync(Passwords + "register", new { username = "grace", password }))
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        using var hashes = new MeasurementCounter(host.Services.GetRequiredService<IMeterFactory>().Create(AuthTelemetry.MeterName),
            AuthTelemetry.PasswordHashesInstrument, AuthTelemetry.OperationTag);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var wrong = await host.Http.PostAsJsonAsync(Passwords + "getLoginCode", new { username = "grace", password = "guess-" + i });
            return wrong.StatusCode;
        }));

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(190, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        using var locked = await host.Http.PostAsJsonAsync(Passwords + "getLoginCode", new { username = "grace", password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("AUTH_LOCKED_OUT", (string?)(await TestHost.ReadProblemAsync(locked))["code"]);
        Assert.Equal(10, hashes.For(AuthTelemetry.VerifyOperation));
    }

    [Fact]
    public async Task A_full_password_hashing_queue_is_answered_503_with_retry_after()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(new Dictionary<string, string?>
        {
            ["Elements:PasswordHashing:MaxConcurrency"] = "1",
            ["Elements:PasswordHashing:QueueLimit"] = "0",
        });
        var gate = host.Services.GetRequiredService<PasswordHashingGate>();
        using var release = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        var holder = Task.Run(() => gate.RunAsync(AuthTelemetry.VerifyOperation, () =>
        {
            holding.Set();
            return release.Wait(TimeSpan.FromSeconds(60));
        }));
        Assert.True(holding.Wait(TimeSpan.FromSeconds(30)));

        using (var busy = await host.Http.PostAsJsonAsync(Passwords + "getLoginCode", new { username = "heidi", password = "whatever-it-is" }))
        {
            var problem = await TestHost.ReadProblemAsync(busy);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(PasswordHashingGate.BusyCode, (string?)problem["code"]);
            var retryAfter = busy.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
            Assert.Equal(retryAfter.Value.TotalSeconds, (double)problem["retryAfterSeconds"]!);
        }

        release.Set();
        Assert.True(await holder);
        using var registered = await host.Http.PostAsJsonAsync(Passwords + "register", new { username = "heidi", password = "whatever-it-is" });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
    }
}
