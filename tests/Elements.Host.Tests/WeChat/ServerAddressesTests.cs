using Elements.Hosting.AspNetCore.WeChat;

namespace Elements.Host.Tests.WeChat;

/// <summary><see cref="ServerAddresses"/>: bound addresses become callable ones, and loopback-only binding is detected.</summary>
public sealed class ServerAddressesTests
{
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
}
