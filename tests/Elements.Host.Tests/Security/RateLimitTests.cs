using System.Net;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #14 abuse limits: <c>Elements:RateLimit</c>, a token bucket per client on the element API and the
/// linking/profile routes, 429 <c>EL_RATE_LIMITED</c> with <c>Retry-After</c> beyond it; <c>/healthz</c> is never limited.</summary>
public sealed class RateLimitTests
{
    private const int Burst = 3;

    /// <summary>One permit per 100 s after the burst: nothing refills while a test runs.</summary>
    private static Dictionary<string, string?> Limit(bool enabled = true) => new()
    {
        ["Elements:RateLimit:Enabled"] = enabled ? "true" : "false",
        ["Elements:RateLimit:PermitsPerSecond"] = "0.01",
        ["Elements:RateLimit:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task The_call_after_the_burst_is_429_rate_limited_with_retry_after_and_health_stays_open()
    {
        await using var host = await TestHost.StartAsync(Limit());

        for (var i = 0; i < Burst; i++)
        {
            using var ok = await host.CallAsync("services/Echo/echo", new { text = "hi" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await host.CallAsync("services/Echo/echo", new { text = "hi" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 100);
        var problem = await TestHost.ReadProblemAsync(refused);
        Assert.Equal("EL_RATE_LIMITED", (string?)problem["code"]);
        Assert.Equal(429, (int?)problem["status"]);
        Assert.Equal((int)retryAfter.Value.TotalSeconds, (int?)problem["retryAfterSeconds"]);

        // The profile route counts against the same client; health checks do not count at all.
        using var profile = await host.Http.GetAsync("api/profile/?wechat_openid__in=x");
        Assert.Equal(HttpStatusCode.TooManyRequests, profile.StatusCode);
        for (var i = 0; i < 10; i++)
        {
            using var health = await host.Http.GetAsync("healthz");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
        }
    }

    [Fact]
    public async Task Two_bearer_tokens_an_access_key_and_the_address_are_limited_separately()
    {
        await using var host = await TestHost.StartAsync(Limit());

        Assert.Equal(Burst, await ServedBeforeRefusalAsync(host, bearer: "token-a"));
        Assert.Equal(Burst, await ServedBeforeRefusalAsync(host, bearer: "token-b"));
        Assert.Equal(Burst, await ServedBeforeRefusalAsync(host, accessKey: "machine-1"));
        Assert.Equal(Burst, await ServedBeforeRefusalAsync(host));
        // token-a is still spent.
        using var again = await SendAsync(host, bearer: "token-a");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    [Fact]
    public async Task Disabled_means_no_limit()
    {
        await using var host = await TestHost.StartAsync(Limit(enabled: false));
        for (var i = 0; i < Burst * 4; i++)
        {
            using var ok = await SendAsync(host);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    private static async Task<int> ServedBeforeRefusalAsync(TestHost host, string? bearer = null, string? accessKey = null)
    {
        for (var served = 0; served < 50; served++)
        {
            using var response = await SendAsync(host, bearer, accessKey);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return served;
            }

            // Past the limiter, made-up credentials (a token that is no session, an unsigned access key) are refused
            // by authentication: answered, not rate limited.
            Assert.Equal(accessKey is null && bearer is null ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        }

        return -1;
    }

    private static async Task<HttpResponseMessage> SendAsync(TestHost host, string? bearer = null, string? accessKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/acme/Shop/services/Echo/echo") { Content = TestHost.Raw("""{"text":"hi"}""") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        if (accessKey is not null)
        {
            request.Headers.Add("X-Elements-AccessKey", accessKey);
        }

        return await host.Http.SendAsync(request);
    }
}
