using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests;

public sealed class HostEndpointsTests : IAsyncLifetime
{
    // Trailing newline and non-ASCII on purpose: the file must come back byte for byte.
    private const string VerifyContent = "k3JdL9pQ 验证\n";
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Elements:WeChat:VerifyFiles:MP_verify_k3JdL9pQ.txt"] = VerifyContent,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Healthz_reports_the_loaded_app()
    {
        using var response = await _host.Http.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", (string?)body["status"]);
        Assert.Equal("acme.Shop", (string?)body["checks"]?["elements"]?["data"]?["appId"]);
    }

    [Fact]
    public async Task Healthz_checks_the_database()
    {
        var body = JsonNode.Parse(await _host.Http.GetStringAsync("healthz"))!;

        Assert.Equal("Healthy", (string?)body["checks"]?["database"]?["status"]);
        Assert.Equal("sqlite", (string?)body["checks"]?["database"]?["data"]?["databases.Default"]);
    }

    [Fact]
    public async Task Root_is_the_page_and_the_page_config_names_the_api_root()
    {
        using var page = await _host.Http.GetAsync("");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"oa-login\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"mini-login\"", html, StringComparison.Ordinal);

        using var css = await _host.Http.GetAsync("site.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        using var js = await _host.Http.GetAsync("app.js");
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);

        var config = JsonNode.Parse(await _host.Http.GetStringAsync("api/host/page"))!;
        Assert.Equal("/api/acme/Shop", (string?)config["apiBase"]);
        Assert.True((bool)config["sandbox"]!);
        Assert.Empty(config["linking"]!.AsArray());
    }

    [Fact]
    public async Task Configured_verify_file_is_served_byte_for_byte()
    {
        using var response = await _host.Http.GetAsync("MP_verify_k3JdL9pQ.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetBytes(VerifyContent), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("MP_verify_unknown.txt")]
    [InlineData("MP_verify_k3JdL9pQ.TXT")]
    [InlineData("mp_verify_k3JdL9pQ.txt")]
    public async Task Other_verify_files_are_404(string name)
    {
        using var response = await _host.Http.GetAsync(name);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Banner_names_the_bound_address_and_the_api()
    {
        var banner = _host.Banner.ToString();
        var root = _host.BaseUri.ToString().TrimEnd('/');

        Assert.Contains($"Open        {root}/", banner, StringComparison.Ordinal);
        Assert.Contains($"POST {root}/api/acme/Shop/<element/path>/<function>", banner, StringComparison.Ordinal);
        Assert.Contains($"{root}/healthz", banner, StringComparison.Ordinal);
        Assert.Contains("sandbox", banner, StringComparison.Ordinal);
        Assert.DoesNotContain(":0/", banner, StringComparison.Ordinal);
    }
}
