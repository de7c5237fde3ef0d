using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Clients.CSharp;

/// <summary>The README's two login walk-throughs (section 3), with the generated client instead of curl.</summary>
public sealed class LoginFlowTests
{
    [Fact]
    public async Task Password_register_getLoginCode_login_then_getCurrentUser_with_the_bearer_token()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var (userId, token) = await Logins.PasswordAsync(host.Client(), "ada", "correct horse battery");

        var current = await ResultJson.ReadAsync(await host.Client(token).Api.Demo.SampleApp.Auths.Services.AuthSvc.GetCurrentUser
            .PostAsync(new() { Token = token }));
        Assert.Equal(userId, (long)current["userId"]!);
        Assert.Equal("ada", (string?)current["name"]);
    }

    [Fact]
    public async Task Mini_program_code_gives_a_bindCode_then_register_then_a_loginCode_then_a_session()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var (userId, token) = await Logins.MiniProgramAsync(host.Client(), host.Sandbox, "bob");

        var current = await ResultJson.ReadAsync(await host.Client(token).Api.Demo.SampleApp.Auths.Services.AuthSvc.GetCurrentUser
            .PostAsync(new() { Token = token }));
        Assert.Equal(userId, (long)current["userId"]!);

        // The same WeChat user logs in again straight away: a known openid gets a loginCode, not a second bindCode.
        var again = await ResultJson.ReadAsync(await host.Client().Api.Demo.SampleApp.Auths.LoginTypes.MyWeChatMiniLogin.GetLoginCode
            .PostAsync(new() { Code = (await host.Sandbox.MintLoginCodeAsync(Logins.MiniAppId, "bob")).Code }));
        Assert.Equal(userId, (long)again["userId"]!);
        Assert.False(again.ContainsKey("bindCode"));
    }
}
