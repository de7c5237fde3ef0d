using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Elements.Host.Bench;

/// <summary>
/// The lower bound of the login protocol over HTTP: a bare ASP.NET Core app (slim builder, no logging, no middleware,
/// no database, no framework) with the protocol's two routes. <c>getLoginCode</c> relays the code to the sandbox's
/// <c>jscode2session</c> and answers a random loginCode; <c>login</c> answers a random token. What a login through the
/// host costs beyond this relay is what Elements and the database add; what the relay costs beyond the floor is what
/// any server speaking this protocol pays for its own HTTP hops.
/// </summary>
internal sealed class BareRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _wechat;

    private BareRelay(WebApplication app, HttpClient wechat, Uri baseUri)
    {
        _app = app;
        _wechat = wechat;
        BaseUri = baseUri;
    }

    /// <summary>The relay's root address, with a trailing slash.</summary>
    public Uri BaseUri { get; }

    public static async Task<BareRelay> StartAsync(Uri sandbox, string appId, string secret)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        var wechat = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = sandbox };
        var app = builder.Build();
        app.MapPost("/getLoginCode", async (JsonObject args) =>
        {
            var code = Uri.EscapeDataString(args["code"]!.GetValue<string>());
            var session = JsonNode.Parse(await wechat.GetStringAsync($"sns/jscode2session?appid={appId}&secret={secret}&js_code={code}&grant_type=authorization_code"));
            return session?["openid"] is null
                ? Results.Problem("jscode2session failed")
                : Results.Json(new JsonObject { ["loginCode"] = RandomNumberGenerator.GetHexString(32, lowercase: true) });
        });
        app.MapPost("/login", (JsonObject _) => Results.Json(new JsonObject { ["token"] = RandomNumberGenerator.GetHexString(64, lowercase: true) }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareRelay(app, wechat, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _wechat.Dispose();
    }
}
