using Elements.Diagnostics;
using Elements.Std.ApiAuths;
using Elements.Std.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.ApiAuths;

/// <summary>What loading checks of an API authorization: incomplete configs are load diagnostics, a shared access key
/// fails the first use naming both elements, and the secret stays out of every output.</summary>
public sealed class ApiAuthLoadTests
{
    private const string Secret = "load-test-secret-value-0123456789";

    [Theory]
    [InlineData(null, Secret, "services.A.f", "accessKey")]
    [InlineData("", Secret, "services.A.f", "accessKey")]
    [InlineData("has space", Secret, "services.A.f", "accessKey")]
    [InlineData("client", null, "services.A.f", "accessSecret")]
    [InlineData("client", "", "services.A.f", "accessSecret")]
    [InlineData("client", "short-secret", "services.A.f", "accessSecret")]
    [InlineData("client", Secret, null, "apis")]
    [InlineData("client", Secret, "services", "apis[0]")]
    [InlineData("client", Secret, "services.*.f", "apis[0]")]
    [InlineData("client", Secret, "services..f", "apis[0]")]
    public void An_incomplete_config_is_a_load_diagnostic_that_never_quotes_the_secret(string? accessKey, string? secret, string? api, string key)
    {
        using var folder = AppFolder.Create();
        ApiAuthFiles.Write(folder.Path, "apiAuths.broken", accessKey, secret, api is null ? [] : [api]);

        var ex = Assert.Throws<ElementLoadException>(folder.Load);

        var diagnostic = Assert.Single(ex.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidConfig, diagnostic.Code);
        Assert.Contains("apiAuths.broken", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith("apiAuths/broken/", diagnostic.Path.Replace('\\', '/'), StringComparison.Ordinal);
        if (secret is { Length: > 0 })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_instances_with_one_access_key_fail_the_first_use_naming_both()
    {
        using var folder = AppFolder.Create();
        ApiAuthFiles.Write(folder.Path, "apiAuths.first", "shared-key", Secret, "services.A.f");
        ApiAuthFiles.Write(folder.Path, "apiAuths.second", "shared-key", Secret + "-2", "services.B.g");
        using var app = folder.Load();
        var verifier = app.Services.GetRequiredService<ApiRequestVerifier>();
        var request = new ApiSignedRequest("POST", "/api/x", "shared-key", "1", "nonce-0001",
            ApiSignature.Compute(Secret, "POST", "/api/x", 1, "nonce-0001", []), Array.Empty<byte>());

        var ex = await Assert.ThrowsAsync<ElementException>(() => verifier.VerifyAsync(request, CancellationToken.None));

        Assert.Equal("EL_CONFIG_INVALID", ex.Code);
        Assert.Contains("'apiAuths.first'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'apiAuths.second'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_from_a_placeholder_is_redacted_in_every_description()
    {
        using var folder = AppFolder.Create(envVars: new Dictionary<string, string> { ["ORDER_SYNC_SECRET"] = Secret });
        ApiAuthFiles.Write(folder.Path, "apiAuths.orderSync", "order-sync", "{{ORDER_SYNC_SECRET}}", "services.*");
        using var app = folder.Load();

        var definition = app.GetElementDefine("apiAuths.orderSync");
        var element = app.GetElement<ApiAuthElement>("apiAuths.orderSync");
        var config = new ApiAuthConfig { AccessKey = "order-sync", AccessSecret = Secret, Apis = ["services.*"] };

        Assert.Equal(Secret, (string?)definition.Config["accessSecret"]);
        Assert.Equal("***", (string?)definition.GetRedactedConfig()["accessSecret"]);
        Assert.Equal("order-sync", (string?)definition.GetRedactedConfig()["accessKey"]);
        string[] outputs = [definition.GetRedactedConfig().ToJsonString(), definition.ToString(), element.ToString(), element.Client.ToString(), config.ToString()];
        Assert.All(outputs, output => Assert.DoesNotContain(Secret, output, StringComparison.Ordinal));
        Assert.Contains("***", config.ToString(), StringComparison.Ordinal);
        Assert.Equal(new ApiClient("apiAuths.orderSync", "order-sync", ["services.*"]).ToString(), element.Client.ToString());
    }
}
