using Elements.Hosting.AspNetCore.Startup;
using Elements.Hosting.AspNetCore.WeChat;

namespace Elements.Host.Tests.Startup;

/// <summary><see cref="StartupBanner"/>: what the host prints when it starts.</summary>
public sealed class StartupBannerTests
{
    [Fact]
    public void Banner_lists_every_address_and_the_mode()
    {
        var text = StartupBanner.Compose(["http://127.0.0.1:5080", "http://[::1]:5080"], "demo.SampleApp", WeChatMode.Live);

        Assert.Contains("POST http://127.0.0.1:5080/api/demo/SampleApp/<element/path>/<function>", text, StringComparison.Ordinal);
        Assert.Contains("Also on     http://[::1]:5080/", text, StringComparison.Ordinal);
        Assert.Contains("live", text, StringComparison.Ordinal);
        Assert.Contains("OpenAPI     http://127.0.0.1:5080/openapi/v1.json\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("reference", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Banner_names_the_api_reference_when_it_is_served()
    {
        var text = StartupBanner.Compose(["http://127.0.0.1:5080"], "demo.SampleApp", WeChatMode.Sandbox, "/api-reference");

        Assert.Contains("OpenAPI     http://127.0.0.1:5080/openapi/v1.json (reference: http://127.0.0.1:5080/api-reference)", text, StringComparison.Ordinal);
    }
}
