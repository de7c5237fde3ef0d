using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Host.Tests.TestElements;
using Elements.Hosting.AspNetCore.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Login_required_function_without_token_is_401()
    {
        using var response = await _host.CallAsync("services/Echo/whoAmI", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("EL_UNAUTHENTICATED", (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    [Fact]
    public async Task Non_bearer_credentials_do_not_count()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/acme/Shop/services/Echo/whoAmI");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("a:b"u8.ToArray()));
        using var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("EL_UNAUTHENTICATED", (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    [Theory]
    [InlineData("no-such-token")]
    [InlineData(HostAuthType.ExpiredToken)]
    public async Task Login_required_function_with_bad_token_is_401_invalid_session(string token)
    {
        using var response = await _host.CallAsync("services/Echo/whoAmI", new { }, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter?.Split('"')[1]);
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal("EL_INVALID_SESSION", (string?)problem["code"]);
        Assert.DoesNotContain(token, problem.ToJsonString());
    }

    [Fact]
    public async Task Login_required_function_with_good_token_runs()
    {
        using var response = await _host.CallAsync("services/Echo/whoAmI", new { }, HostAuthType.GoodToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"members only\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Session_is_checked_before_arguments()
    {
        // An anonymous caller learns nothing about a protected function's arguments.
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/whoAmI", TestHost.Raw("""{"bogus":1}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Element_session_validator_returns_the_auth_services_user()
    {
        var validator = _host.Services.GetRequiredService<ISessionValidator>();

        var valid = await validator.ValidateAsync(HostAuthType.GoodToken, CancellationToken.None);
        var invalid = await validator.ValidateAsync("nope", CancellationToken.None);

        Assert.Equal(SessionStatus.Valid, valid.Status);
        Assert.Equal("u-1", (string?)valid.User?["userId"]);
        Assert.Equal(SessionStatus.Invalid, invalid.Status);
    }

    [Fact]
    public async Task The_std_auth_service_issues_sessions_the_host_accepts()
    {
        // No AuthSvc of the app's own: the built-in auths.services.AuthSvc validates tokens, here issued through a
        // password login instance over the same HTTP API.
        var folder = TestAppFolder.Create().WithStandardElements(withAuthService: false);
        folder.Write("auths/loginTypes/Passwords/e.json", """{ "title": "Passwords", "type": "auths.loginTypes.PasswordType" }""");
        await using var host = await TestHost.StartAsync(folder);

        using var before = await host.CallAsync("services/Echo/whoAmI", new { }, "not-a-session");
        using var register = await host.CallAsync("auths/loginTypes/Passwords/register", new { username = "ada", password = "correct horse battery" });
        using var code = await host.CallAsync("auths/loginTypes/Passwords/getLoginCode", new { username = "ada", password = "correct horse battery" });
        var loginCode = (string?)JsonNode.Parse(await code.Content.ReadAsStringAsync())?["loginCode"];
        using var login = await host.CallAsync("auths/services/AuthSvc/login", new { loginCode });
        var token = (string?)JsonNode.Parse(await login.Content.ReadAsStringAsync())?["token"];
        using var after = await host.CallAsync("services/Echo/whoAmI", new { }, token);
        using var logout = await host.CallAsync("auths/services/AuthSvc/logout", new { token });
        using var afterLogout = await host.CallAsync("services/Echo/whoAmI", new { }, token);

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal("EL_INVALID_SESSION", (string?)(await TestHost.ReadProblemAsync(before))["code"]);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }
}
