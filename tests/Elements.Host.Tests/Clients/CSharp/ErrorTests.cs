using Elements.Client.Models;
using Elements.Host.Tests.Support;
using Elements.WeChatSandbox.Contracts;

namespace Elements.Host.Tests.Clients.CSharp;

/// <summary>Problem details arrive as the generated <see cref="ProblemDetails"/> exception, with the server's fields.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task A_wrong_password_is_a_ProblemDetails_with_the_servers_code_and_a_4xx_status()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var passwords = host.Client().Api.Demo.SampleApp.Auths.LoginTypes.Passwords;
        await passwords.Register.PostAsync(new() { Username = "ada", Password = "correct horse battery" });

        var problem = await Assert.ThrowsAnyAsync<ProblemDetails>(() =>
            passwords.GetLoginCode.PostAsync(new() { Username = "ada", Password = "wrong horse battery" }));

        Assert.Equal("AUTH_INVALID_CREDENTIALS", problem.Code);
        Assert.InRange(problem.ResponseStatusCode, 400, 499);
        Assert.Equal(problem.ResponseStatusCode, problem.Status);
        Assert.Null(problem.Errcode);
        Assert.DoesNotContain("wrong horse battery", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_WeChat_refusal_carries_WeChats_errcode_and_errmsg()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        await host.Sandbox.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Count = 1, Errcode = 40029, Errmsg = "invalid code" });
        var code = (await host.Sandbox.MintLoginCodeAsync(Logins.MiniAppId, "alice")).Code;

        var problem = await Assert.ThrowsAnyAsync<ProblemDetails>(() =>
            host.Client().Api.Demo.SampleApp.Auths.LoginTypes.MyWeChatMiniLogin.GetLoginCode.PostAsync(new() { Code = code }));

        Assert.Equal(40029, problem.Errcode);
        // WeChat appends a request id to its errmsg ("invalid code, rid: ..."), and so does the sandbox.
        Assert.StartsWith("invalid code", problem.Errmsg, StringComparison.Ordinal);
        Assert.Equal("WECHAT_40029", problem.Code);
        Assert.Equal(422, problem.ResponseStatusCode);
    }
}
