using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using Elements.Std.Auths.WeChatPublic;
using Elements.Testing.Postgres;
using Elements.WeChat;
using Elements.WeChatSandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
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

    private WeChatPublicLoginHarness(string root, WeChatSandboxServer sandbox, string secret, string otherSecret)
    {
        Root = root;
        Sandbox = sandbox;
        Secret = secret;
        OtherSecret = otherSecret;
    }

    public string Root { get; }

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
        var root = Directory.CreateTempSubdirectory("wechat-public-").FullName;
        var sandbox = await WeChatSandboxServer.StartAsync();
        var harness = new WeChatPublicLoginHarness(root, sandbox, RandomSecret(), RandomSecret());
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

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task InitializeAsync(PostgresServer? postgres, Action<JsonObject>? config, TimeProvider? time, bool miniProgram)
    {
        await RegisterSandboxAsync();
        File.WriteAllText(Path.Combine(Root, "app.json"), new JsonObject
        {
            ["appId"] = "test.WechatPublic",
            ["name"] = "WeChatPublicTest",
            ["title"] = "WeChat official account login tests",
            ["version"] = "1.0.0",
            ["extends"] = new JsonArray(),
            ["envVars"] = new JsonObject { ["WECHAT_OA_SECRET"] = Secret, ["OTHER_OA_SECRET"] = OtherSecret, ["MINI_SECRET"] = OtherSecret + "m" },
        }.ToJsonString());

        // The sample instance, byte for byte as committed in app/.
        var sample = Path.Combine(AppContext.BaseDirectory, "SampleApp", "auths", "loginTypes", "MyWechatLogin");
        var instance = Directory.CreateDirectory(Path.Combine(Root, "auths", "loginTypes", "MyWechatLogin")).FullName;
        File.Copy(Path.Combine(sample, "e.json"), Path.Combine(instance, "e.json"));
        var business = JsonNode.Parse(File.ReadAllText(Path.Combine(sample, "MyWechatLogin.json")))!.AsObject();
        config?.Invoke(business);
        File.WriteAllText(Path.Combine(instance, "MyWechatLogin.json"), business.ToJsonString());

        var other = Directory.CreateDirectory(Path.Combine(Root, "auths", "loginTypes", "OtherWechatLogin")).FullName;
        File.WriteAllText(Path.Combine(other, "e.json"), """{"title": "Second official account", "type": "auths.loginTypes.WechatPublicType"}""");
        File.WriteAllText(Path.Combine(other, "OtherWechatLogin.json"), new JsonObject
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
            var mini = Directory.CreateDirectory(Path.Combine(Root, "auths", "loginTypes", "myWeChatMiniLogin")).FullName;
            File.WriteAllText(Path.Combine(mini, "e.json"), new JsonObject
            {
                ["type"] = "auths.loginTypes.WeChatMiniType",
                ["title"] = "Mini program login",
                ["allowRegister"] = 1,
                ["backendBundleEntry"] = ".",
                ["frontBundleEntry"] = "./myWeChatMiniLogin.json",
            }.ToJsonString());
            File.WriteAllText(Path.Combine(mini, "myWeChatMiniLogin.json"), new JsonObject
            {
                ["authConfig"] = new JsonObject { ["appId"] = MiniAppId, ["appSecret"] = "{{MINI_SECRET}}" },
            }.ToJsonString());
        }

        if (postgres is not null)
        {
            _postgres = postgres;
            _connectionString = await postgres.CreateDatabaseAsync("wxpub");
            var db = Directory.CreateDirectory(Path.Combine(Root, "databases", "Default")).FullName;
            File.WriteAllText(Path.Combine(db, "e.json"), new JsonObject
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
