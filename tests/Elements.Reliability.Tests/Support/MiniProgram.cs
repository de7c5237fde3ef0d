using System.Text.Json.Nodes;

namespace Elements.Reliability.Tests.Support;

/// <summary>The sample mini program's login flow over the element API: wx.login (the sandbox mints the code),
/// <c>getLoginCode(code)</c>, <c>register(bindCode)</c> for a new user, <c>AuthSvc.login(loginCode)</c>.</summary>
internal static class MiniProgram
{
    /// <summary>Registers a new WeChat user in the app: getLoginCode on <paramref name="begin"/>, register on
    /// <paramref name="complete"/>. Returns the new user id.</summary>
    public static async Task<long> RegisterAsync(SharedSandbox sandbox, ElementApiClient begin, ElementApiClient complete, string wechatUser)
    {
        var first = await begin.InvokeAsync(ElementApiClient.MiniLogin, "getLoginCode", new JsonObject { ["code"] = await sandbox.MintLoginCodeAsync(wechatUser) });
        var bindCode = first["bindCode"]?.GetValue<string>() ?? throw new InvalidOperationException("expected a bindCode for a new user: " + first.ToJsonString());
        var user = await complete.InvokeAsync(ElementApiClient.MiniLogin, "register", new JsonObject { ["bindCode"] = bindCode });
        return user["userId"]!.GetValue<long>();
    }

    /// <summary>A loginCode of a registered WeChat user (getLoginCode with a fresh wx.login code).</summary>
    public static async Task<(string LoginCode, long UserId)> GetLoginCodeAsync(SharedSandbox sandbox, ElementApiClient api, string wechatUser)
    {
        var result = await api.InvokeAsync(ElementApiClient.MiniLogin, "getLoginCode", new JsonObject { ["code"] = await sandbox.MintLoginCodeAsync(wechatUser) });
        return (result["loginCode"]?.GetValue<string>() ?? throw new InvalidOperationException("expected a loginCode: " + result.ToJsonString()),
            result["userId"]!.GetValue<long>());
    }

    /// <summary>A session token of a registered WeChat user.</summary>
    public static async Task<string> LoginAsync(SharedSandbox sandbox, ElementApiClient api, string wechatUser)
    {
        var (loginCode, _) = await GetLoginCodeAsync(sandbox, api, wechatUser);
        var session = await api.InvokeAsync(ElementApiClient.AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode });
        return session["token"]!.GetValue<string>();
    }
}
