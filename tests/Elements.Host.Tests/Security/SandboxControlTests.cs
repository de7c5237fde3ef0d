using System.Net;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #14 hostile-caller review of the in-process WeChat sandbox's control API: it hands out no
/// AppSecret, and a page on another site (directly, or through a DNS-rebound name) cannot drive it.</summary>
public sealed class SandboxControlTests
{
    private const string DemoMini = "wx0000000000demo03";

    [Fact]
    public async Task The_app_list_and_a_registration_answer_leave_every_secret_out()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var secrets = host.Services.GetRequiredService<IOptions<WeChatSandboxOptions>>().Value.Apps.Select(a => a.Secret).ToList();
        Assert.Equal(3, secrets.Count);
        Assert.All(secrets, s => Assert.False(string.IsNullOrEmpty(s)));

        var listed = await host.Http.GetStringAsync("sandbox/apps");
        var apps = JsonNode.Parse(listed)!.AsArray();
        Assert.Equal(3, apps.Count);
        Assert.All(apps, app => Assert.Null(app!["secret"]));
        Assert.All(secrets, s => Assert.DoesNotContain(s, listed, StringComparison.Ordinal));

        using var registered = await host.Http.PostAsync("sandbox/apps",
            TestHost.Raw("""{"appId":"wx00000000000extra","secret":"registered-secret-value","kind":"mini"}"""));
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var answer = await registered.Content.ReadAsStringAsync();
        Assert.DoesNotContain("registered-secret-value", answer, StringComparison.Ordinal);
        Assert.Contains(await host.Sandbox.GetAppsAsync(), a => a.AppId == "wx00000000000extra" && a.Kind == SandboxAppKind.Mini);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("https://127.0.0.1")]
    public async Task A_control_request_with_a_foreign_origin_is_403_and_changes_nothing(string origin)
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        using var reset = await SendAsync(host, HttpMethod.Post, "sandbox/reset", origin: origin);
        Assert.Equal(HttpStatusCode.Forbidden, reset.StatusCode);
        using var code = await SendAsync(host, HttpMethod.Post, $"sandbox/apps/{DemoMini}/users/alice/login-code", origin: origin);
        Assert.Equal(HttpStatusCode.Forbidden, code.StatusCode);
        Assert.DoesNotContain("code", await code.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nothing was reset: the seeded user is still there for a legitimate caller.
        Assert.Equal(DemoMini, (await host.Sandbox.GetUserAsync(DemoMini, "alice")).AppId);
    }

    [Fact]
    public async Task The_pages_own_origin_and_clients_without_an_origin_are_served()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var own = host.BaseUri.GetLeftPart(UriPartial.Authority);

        using var sameOrigin = await SendAsync(host, HttpMethod.Post, $"sandbox/apps/{DemoMini}/users/alice/login-code", origin: own);
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        using var noOrigin = await SendAsync(host, HttpMethod.Post, $"sandbox/apps/{DemoMini}/users/alice/login-code");
        Assert.Equal(HttpStatusCode.OK, noOrigin.StatusCode);
        using var localhost = await SendAsync(host, HttpMethod.Get, "sandbox/users", hostHeader: $"localhost:{host.BaseUri.Port}");
        Assert.Equal(HttpStatusCode.OK, localhost.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebind.evil.example:{port}")]
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("10.0.0.5:{port}")]
    public async Task A_control_request_for_a_foreign_host_name_is_403_as_dns_rebinding_would_send_it(string hostHeader)
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var name = hostHeader.Replace("{port}", host.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var origin = "http://" + name;

        // As the browser sends it after rebinding: Host and Origin agree, both the attacker's name.
        using var users = await SendAsync(host, HttpMethod.Get, "sandbox/users", origin: null, hostHeader: name);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.DoesNotContain("alice", await users.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var code = await SendAsync(host, HttpMethod.Post, $"sandbox/apps/{DemoMini}/users/alice/login-code", origin: origin, hostHeader: name);
        Assert.Equal(HttpStatusCode.Forbidden, code.StatusCode);
    }

    [Fact]
    public async Task A_host_name_listed_in_control_hosts_is_served()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(new Dictionary<string, string?> { ["Elements:WeChat:Sandbox:ControlHosts:0"] = "devbox.lan" });
        var name = $"devbox.lan:{host.BaseUri.Port}";

        using var code = await SendAsync(host, HttpMethod.Post, $"sandbox/apps/{DemoMini}/users/alice/login-code", origin: "http://" + name, hostHeader: name);
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(TestHost host, HttpMethod method, string path, string? origin = null, string? hostHeader = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        return await host.Http.SendAsync(request);
    }
}
