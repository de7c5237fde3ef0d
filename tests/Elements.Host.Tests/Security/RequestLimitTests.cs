using System.Net;
using System.Text;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #9 security review, request size: the element API reads at most <c>Elements:MaxBodyBytes</c>.</summary>
public sealed class RequestLimitTests
{
    [Fact]
    public async Task A_body_over_the_limit_is_413_with_a_stable_code_and_one_under_it_is_served()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Elements:MaxBodyBytes"] = "4096" });

        var big = "{\"text\": \"" + new string('x', 8192) + "\"}";
        using var refused = await host.PostAsync("api/acme/Shop/services/Echo/echo", new StringContent(big, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("EL_BODY_TOO_LARGE", (string?)(await TestHost.ReadProblemAsync(refused))["code"]);

        // Chunked (no Content-Length): stopped while reading, same answer.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/acme/Shop/services/Echo/echo") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var refusedChunked = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refusedChunked.StatusCode);

        using var ok = await host.CallAsync("services/Echo/echo", new { text = new string('x', 1000) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
