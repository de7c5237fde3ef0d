using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using Elements.Std.Auths.WeChatPublic;
using Elements.Testing.Postgres;
using Elements.WeChat.Configuration;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Elements.Std.Tests.Support;

/// <summary>
/// A temporary app holding the sample instance <c>auths.loginTypes.MyWechatLogin</c> exactly as committed in app/
/// (plus a second instance for "foreign" checks), a private WeChat sandbox on loopback with the official accounts and
/// users registered, and the loaded <see cref="ElementApp"/> on SQLite (a temp file) or PostgreSQL (a fresh database).
/// </summary>
public sealed partial class WeChatPublicLoginHarness : IAsyncDisposable
{
    public const string AppId = "wx0000000000demo01";
    public const string OtherAppId = "wx0000000000demo02";
    public const string MiniAppId = "wx0000000000mini03";
    public const string MiniInstance = "auths.loginTypes.myWeChatMiniLogin";
    public const string Instance = "auths.loginTypes.MyWechatLogin";
    public const string OtherInstance = "auths.loginTypes.OtherWechatLogin";
    public const string Service = Instance + ".services.WechatPublicAuthSvc";
    public const string Alice = "alice";
    public const string Bob = "bob";
    public const string Callback = "http://127.0.0.1:5080/wechat/callback?next=%2Fhome&lang=zh";

    private PostgresServer? _postgres;
    private string? _connectionString;
    private HttpClient? _browser;

    private readonly AppFolder _folder;

    private WeChatPublicLoginHarness(AppFolder folder, WeChatSandboxServer sandbox, string secret, string otherSecret)
    {
        _folder = folder;
        Sandbox = sandbox;
        Secret = secret;
        OtherSecret = otherSecret;
    }

    public string Root => _folder.Path;

    public WeChatSandboxServer Sandbox { get; }

    /// <summary>The AppSecret (WECHAT_OA_SECRET of the app's envVars): must never show up anywhere.</summary>
    public string Secret { get; }

    public string OtherSecret { get; }

    public ElementApp App { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public bool IsPostgres => _connectionString is not null;

    public WeChatPublicLoginElement Login => App.GetElement<WeChatPublicLoginElement>(Instance);

    /// <summary>
    /// Starts the sandbox and loads the app. <paramref name="config"/> edits the sample's business config (e.g. scope);
    /// <paramref name="postgres"/> switches databases.Default to a fresh PostgreSQL database.
    /// </summary>
    public static async Task<WeChatPublicLoginHarness> StartAsync(PostgresServer? postgres = null, Action<JsonObject>? config = null, TimeProvider? time = null,
        bool miniProgram = false)
    {
        var (secret, otherSecret) = (RandomSecret(), RandomSecret());
        var folder = AppFolder.Create(envVars: new Dictionary<string, string>
        {
            ["WECHAT_OA_SECRET"] = secret, ["OTHER_OA_SECRET"] = otherSecret, ["MINI_SECRET"] = otherSecret + "m",
        });
        WeChatSandboxServer sandbox;
        try
        {
            sandbox = await WeChatSandboxServer.StartAsync();
        }
        catch
        {
            folder.Dispose();
            throw;
        }

        var harness = new WeChatPublicLoginHarness(folder, sandbox, secret, otherSecret);
        try
        {
            await harness.InitializeAsync(postgres, config, time, miniProgram);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public static string RandomSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Task<JsonNode?> InvokeAsync(string element, string function, JsonObject? args = null) => App.InvokeAsync(element, function, args);

    /// <summary>The login URL from the element, as a browser would be sent to it.</summary>
    public async Task<string> StartLoginAsync(string redirectUrl = Callback, string element = Instance) =>
        (await InvokeAsync(element, "login", new JsonObject { ["redirectUrl"] = redirectUrl }))!.GetValue<string>();

    /// <summary>
    /// Drives the sandbox's consent page like a browser: GET the authorize URL, submit its form with the Allow (or Deny)
    /// button for <paramref name="userId"/>, and return the 302 Location WeChat sends the browser to.
    /// </summary>
    public async Task<Uri> ConsentAsync(string authorizeUrl, string userId, string decision = "allow")
    {
        _browser ??= new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var pageUrl = new Uri(authorizeUrl.Split('#')[0]);
        using var page = await _browser.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("X-WeChat-Errcode"), "the consent page answered an error: " + html);
        Assert.Contains("id=\"allow\"", html);
        var action = FormAction().Match(html).Groups[1].Value;
        var fields = HiddenInput().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["user"] = userId;
        fields["decision"] = decision;
        using var response = await _browser.PostAsync(new Uri(pageUrl, action), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Login → consent → the callback's code and state.</summary>
    public async Task<(string Code, string State, Uri Callback)> AuthorizeAsync(string userId, string element = Instance, string redirectUrl = Callback)
    {
        var callback = await ConsentAsync(await StartLoginAsync(redirectUrl, element), userId);
        var query = HttpUtility.ParseQueryString(callback.Query);
        return (query["code"]!, query["state"]!, callback);
    }

    public async Task<string> OpenIdAsync(string userId, string appId = AppId) => (await Sandbox.Control.GetUserAsync(appId, userId)).OpenId;

    /// <summary>Rows of a table read with plain ADO.NET (no model layer): what is really stored.</summary>
    public async Task<List<Dictionary<string, object?>>> RawRowsAsync(string table)
    {
        await using DbConnection connection = IsPostgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = Path.Combine(Root, "appData", "app.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        _browser?.Dispose();
        App?.Dispose();
        await Sandbox.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null && _connectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _postgres.DropDatabaseAsync(_connectionString);
        }

        _folder.Dispose();
    }

    private async Task InitializeAsync(PostgresServer? postgres, Action<JsonObject>? config, TimeProvider? time, bool miniProgram)
    {
        await RegisterSandboxAsync();

        // The sample instance, byte for byte as committed in app/.
        var sample = Path.Combine(AppContext.BaseDirectory, "SampleApp", "auths", "loginTypes", "MyWechatLogin");
        var business = JsonNode.Parse(File.ReadAllText(Path.Combine(sample, "MyWechatLogin.json")))!.AsObject();
        config?.Invoke(business);
        _folder.WriteElement(Instance, File.ReadAllText(Path.Combine(sample, "e.json")), "MyWechatLogin.json", business.ToJsonString());

        _folder.WriteElement(OtherInstance, """{"title": "Second official account", "type": "auths.loginTypes.WechatPublicType"}""", "OtherWechatLogin.json", new JsonObject
        {
            ["appId"] = OtherAppId,
            ["appSecret"] = "{{OTHER_OA_SECRET}}",
            ["redirectDomains"] = new JsonArray("127.0.0.1"),
            ["allowRegister"] = 1,
        }.ToJsonString());

        if (miniProgram)
        {
            // JitAi's documented mini-program instance, on the same open platform: unionids link the two login types.
            await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
            {
                AppId = MiniAppId, Secret = OtherSecret + "m", Kind = SandboxAppKind.Mini, Name = "Demo Mini Program", OpenPlatformId = "test-open-platform",
            });
            _folder.WriteMiniLogin("myWeChatMiniLogin", MiniAppId, "MINI_SECRET", allowRegister: 1);
        }

        if (postgres is not null)
        {
            _postgres = postgres;
            _connectionString = await postgres.CreateDatabaseAsync("wxpub");
            _folder.WriteElement("databases.Default", new JsonObject
            {
                ["title"] = "Default database (PostgreSQL)",
                ["type"] = "databases.PostgresType",
                ["connectionString"] = _connectionString,
            }.ToJsonString());
        }

        App = ElementApp.Load(Root, b =>
        {
            // ElementApp.Load pre-registers null logging: replace it so every entry is captured.
            b.Services.RemoveAll<ILoggerFactory>();
            b.Services.RemoveAll(typeof(ILogger<>));
            b.Services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            b.Services.Configure<WeChatOptions>(o =>
            {
                o.ApiBaseUrl = Sandbox.BaseUrl;
                o.OpenBaseUrl = Sandbox.BaseUrl;
                o.MaxRetryAttempts = 0;
            });
            if (time is not null)
            {
                b.Services.AddSingleton(time);
            }

            b.AddStdElements();
        });
    }

    private async Task RegisterSandboxAsync()
    {
        await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = AppId, Secret = Secret, Kind = SandboxAppKind.Official, Name = "Demo Official Account",
            RedirectDomains = ["127.0.0.1", "localhost"], OpenPlatformId = "test-open-platform",
        });
        await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = OtherAppId, Secret = OtherSecret, Kind = SandboxAppKind.Official, Name = "Second Official Account",
            RedirectDomains = ["127.0.0.1"], OpenPlatformId = "test-open-platform",
        });
        await Sandbox.Control.RegisterUserAsync(new SandboxUserRegistration
        {
            UserId = Alice, Nickname = "Alice", HeadImgUrl = "https://example.invalid/alice.png", Sex = 2,
            Province = "Guangdong", City = "Shenzhen", Country = "China",
        });
        await Sandbox.Control.RegisterUserAsync(new SandboxUserRegistration
        {
            UserId = Bob, Nickname = "Bob", HeadImgUrl = "https://example.invalid/bob.png", Sex = 1,
            Province = "Zhejiang", City = "Hangzhou", Country = "China",
        });
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
