using Elements.Client;
using Elements.Host.Tests.Support;
using Elements.WeChatSandbox.Client;

namespace Elements.Host.Tests.Clients.CSharp;

/// <summary>The sample app's two login flows, driven through the generated client.</summary>
internal static class Logins
{
    /// <summary>The generated client on the host's <see cref="TestHost.Http"/>, anonymous or with a session token.</summary>
    public static ElementsApiClient Client(this TestHost host, string? token = null) => ElementsClientFactory.Create(host.Http, token);

    /// <summary>The sample app's mini program (<c>auths.loginTypes.myWeChatMiniLogin</c>) in the sandbox.</summary>
    public const string MiniAppId = "wx0000000000demo03";

    /// <summary>register → getLoginCode → AuthSvc.login; returns the new user's id and session token.</summary>
    public static async Task<(long UserId, string Token)> PasswordAsync(ElementsApiClient anonymous, string username, string password)
    {
        var passwords = anonymous.Api.Demo.SampleApp.Auths.LoginTypes.Passwords;
        var user = await ResultJson.ReadAsync(await passwords.Register.PostAsync(new() { Username = username, Password = password }));
        var code = await ResultJson.ReadAsync(await passwords.GetLoginCode.PostAsync(new() { Username = username, Password = password }));
        return ((long)user["userId"]!, await LoginAsync(anonymous, (string)code["loginCode"]!));
    }

    /// <summary>wx.login in the sandbox → getLoginCode (a new user gets a bindCode) → register → getLoginCode again →
    /// AuthSvc.login; returns the new user's id and session token.</summary>
    public static async Task<(long UserId, string Token)> MiniProgramAsync(ElementsApiClient anonymous, WeChatSandboxClient sandbox, string sandboxUser)
    {
        var mini = anonymous.Api.Demo.SampleApp.Auths.LoginTypes.MyWeChatMiniLogin;
        var first = await ResultJson.ReadAsync(await mini.GetLoginCode.PostAsync(new() { Code = (await sandbox.MintLoginCodeAsync(MiniAppId, sandboxUser)).Code }));
        var registered = await ResultJson.ReadAsync(await mini.Register.PostAsync(new() { BindCode = (string)first["bindCode"]! }));
        var second = await ResultJson.ReadAsync(await mini.GetLoginCode.PostAsync(new() { Code = (await sandbox.MintLoginCodeAsync(MiniAppId, sandboxUser)).Code }));
        Assert.Equal((long)registered["userId"]!, (long)second["userId"]!);
        return ((long)registered["userId"]!, await LoginAsync(anonymous, (string)second["loginCode"]!));
    }

    private static async Task<string> LoginAsync(ElementsApiClient anonymous, string loginCode)
    {
        var session = await ResultJson.ReadAsync(await anonymous.Api.Demo.SampleApp.Auths.Services.AuthSvc.Login.PostAsync(new() { LoginCode = loginCode }));
        return (string)session["token"]!;
    }
}
