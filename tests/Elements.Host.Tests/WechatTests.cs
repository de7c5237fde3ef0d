using System.Net;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Wechat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elements.Host.Tests;

public sealed class WechatTests : IAsyncLifetime
{
    private const string MiniAppId = "wxhosttest0000mini";
    private const string OfficialAppId = "wxhosttest00000off";
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(new Dictionary<string, string?>
    {
        // No secrets configured: the host generates them and gives the same ones to the sandbox and the client.
        ["Elements:Wechat:Sandbox:Apps:0:AppId"] = MiniAppId,
        ["Elements:Wechat:Sandbox:Apps:0:Kind"] = "mini",
        ["Elements:Wechat:Sandbox:Apps:1:AppId"] = OfficialAppId,
        ["Elements:Wechat:Sandbox:Apps:1:Kind"] = "official",
        ["Elements:Wechat:Sandbox:Apps:1:RedirectDomains:0"] = "127.0.0.1",
        ["Elements:Wechat:Sandbox:Users:0:UserId"] = "carol",
        ["Elements:Wechat:Sandbox:Users:0:Nickname"] = "Carol",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Wechat_error_carries_errcode_and_errmsg_as_a_422_problem()
    {
        using var response = await _host.CallAsync("services/Echo/wechatError", new { errcode = 40029 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal("WECHAT_40029", (string?)problem["code"]);
        Assert.Equal(40029, (int?)problem["errcode"]);
        Assert.StartsWith("simulated failure", (string?)problem["errmsg"]);
    }

    [Fact]
    public async Task Wechat_busy_is_503()
    {
        using var response = await _host.CallAsync("services/Echo/wechatError", new { errcode = -1 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(-1, (int?)(await TestHost.ReadProblemAsync(response))["errcode"]);
    }

    [Fact]
    public async Task Element_reaches_the_in_process_sandbox_through_the_wechat_client()
    {
        var code = await _host.Sandbox.MintLoginCodeAsync(MiniAppId, "carol");
        var user = await _host.Sandbox.GetUserAsync(MiniAppId, "carol");

        using var response = await _host.CallAsync("services/MiniLogin/openId", new { appId = MiniAppId, code = code.Code });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{user.OpenId}\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await _host.Sandbox.GetCallCountAsync("/sns/jscode2session"));
    }

    [Fact]
    public async Task Real_wechat_error_from_the_sandbox_surfaces_with_its_errcode()
    {
        using var response = await _host.CallAsync("services/MiniLogin/openId", new { appId = MiniAppId, code = "not-a-minted-code" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal("WECHAT_40029", (string?)problem["code"]);
        Assert.Equal(40029, (int?)problem["errcode"]);
    }

    [Fact]
    public async Task Sandbox_answers_at_wechats_real_paths_in_wechats_format()
    {
        var response = await _host.Http.GetStringAsync($"sns/jscode2session?appid={MiniAppId}&secret=wrong&js_code=x&grant_type=authorization_code");

        var body = JsonNode.Parse(response)!;
        Assert.Equal(40125, (int?)body["errcode"]);
        Assert.Contains("rid:", (string?)body["errmsg"]);
    }

    [Fact]
    public async Task Sandbox_consent_page_is_served_in_process()
    {
        var redirect = Uri.EscapeDataString(new Uri(_host.BaseUri, "callback").ToString());
        using var response = await _host.Http.GetAsync(
            $"connect/oauth2/authorize?appid={OfficialAppId}&redirect_uri={redirect}&response_type=code&scope=snsapi_userinfo&state=s1#wechat_redirect");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"allow\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Client_base_urls_point_at_this_host_in_sandbox_mode()
    {
        var options = _host.Services.GetRequiredService<IOptions<WechatOptions>>().Value;

        Assert.Equal(_host.BaseUri.ToString().TrimEnd('/'), options.ApiBaseUrl);
        Assert.Equal(_host.BaseUri.ToString().TrimEnd('/'), options.OpenBaseUrl);
        Assert.True(options.Apps[MiniAppId].AppSecret.Length >= 16);
    }

    [Fact]
    public async Task Live_mode_mounts_no_sandbox_and_uses_wechats_urls()
    {
        await using var live = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Elements:Wechat:Mode"] = "Live",
            ["Elements:Wechat:Apps:wxlive00000000001:AppSecret"] = "from-env",
            ["Elements:Wechat:Client:Timeout"] = "00:00:04",
            ["Elements:Wechat:Client:MaxRetryAttempts"] = "1",
            ["Elements:Wechat:Client:ApiBaseUrl"] = "http://ignored.example",
        });

        using var sandbox = await live.Http.GetAsync("sns/jscode2session?appid=x&secret=y&js_code=z&grant_type=authorization_code");
        using var control = await live.Http.PostAsync("sandbox/reset", null);
        var options = live.Services.GetRequiredService<IOptions<WechatOptions>>().Value;

        Assert.Equal(HttpStatusCode.NotFound, sandbox.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, control.StatusCode);
        Assert.Equal(WechatOptions.DefaultApiBaseUrl, options.ApiBaseUrl);
        Assert.Equal(WechatOptions.DefaultOpenBaseUrl, options.OpenBaseUrl);
        Assert.Equal("wxlive00000000001", options.Apps["wxlive00000000001"].AppId);
        Assert.Equal(TimeSpan.FromSeconds(4), options.Timeout);
        Assert.Equal(1, options.MaxRetryAttempts);
        Assert.Contains("live", live.Banner.ToString(), StringComparison.Ordinal);
    }
}
