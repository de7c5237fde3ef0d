using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Elements.Host.Bench.HandWritten;

/// <summary>
/// What a user would write instead of Elements for a mini-program login, doing the same durable work: an ASP.NET Core
/// minimal API (slim builder, logging cleared) with <c>POST /getLoginCode {code}</c> → <c>jscode2session</c>, then
/// <see cref="HandWrittenAccounts"/> (Dapper on its own database) → <c>{loginCode, corpList, userId}</c>, and
/// <c>POST /login {loginCode}</c> → <c>{token, expiresAt, userId}</c>. An unknown openid is registered by getLoginCode
/// (the bench does that before timing).
/// </summary>
internal sealed class HandWrittenLoginServer : IAsyncDisposable
{
    private const string WeChatClient = "wechat";
    private readonly WebApplication _app;
    private readonly HandWrittenDatabase _database;

    private HandWrittenLoginServer(WebApplication app, HandWrittenDatabase database, Uri baseUri)
    {
        _app = app;
        _database = database;
        BaseUri = baseUri;
    }

    /// <summary>The server's root address, with a trailing slash.</summary>
    public Uri BaseUri { get; }

    public HandWrittenDatabase Database => _database;

    /// <param name="database">Owned by the server from here on (schema created now, disposed with the server).</param>
    public static async Task<HandWrittenLoginServer> StartAsync(HandWrittenDatabase database, Uri wechat, string appId, string secret)
    {
        await database.CreateSchemaAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient(WeChatClient, c => c.BaseAddress = wechat)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<SessionKeyProtector>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HandWrittenAccounts>();
        var app = builder.Build();

        app.MapPost("/getLoginCode", async (CodeRequest request, IHttpClientFactory http, HandWrittenAccounts accounts, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(request.Code))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "code is required");
            }

            // The secret travels in the query string, as WeChat wants; nothing here logs the URL.
            await using var body = await http.CreateClient(WeChatClient).GetStreamAsync(
                $"sns/jscode2session?appid={appId}&secret={secret}&js_code={Uri.EscapeDataString(request.Code)}&grant_type=authorization_code", ct);
            var session = await JsonSerializer.DeserializeAsync<WeChatSession>(body, cancellationToken: ct);
            if (session is not { OpenId: { } openid, SessionKey: { } sessionKey })
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: $"jscode2session failed (errcode {session?.ErrCode})");
            }

            return Results.Ok(await accounts.IssueLoginCodeAsync(appId, openid, session.UnionId, sessionKey, ct));
        });
        app.MapPost("/login", async (LoginRequest request, HandWrittenAccounts accounts, CancellationToken ct) =>
            string.IsNullOrEmpty(request.LoginCode)
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "loginCode is required")
                : await accounts.LoginAsync(request.LoginCode, ct) is { } session
                    ? Results.Ok(session)
                    : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "the loginCode is unknown, used or expired"));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HandWrittenLoginServer(app, database, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed record CodeRequest(string? Code);

    private sealed record LoginRequest(string? LoginCode);
}
