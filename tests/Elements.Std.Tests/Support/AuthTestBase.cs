using System.Text.Json.Nodes;
using Dapper;
using Elements.Std.Databases;
using Elements.WeChat.Configuration;
using Elements.WeChatSandbox.Client;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Tests.Support;

/// <summary>
/// A private WeChat sandbox on loopback plus an app folder on disk with three mini-program logins, a password login
/// and an organisation element, on SQLite or PostgreSQL depending on the subclass. Logs are captured at every level.
/// </summary>
public abstract class AuthTestBase(IAppDatabase database) : IAsyncLifetime
{
    public const string MiniA = "wxa1b2c3d4e5f6a701";
    public const string MiniB = "wxa1b2c3d4e5f6a702";
    public const string MiniC = "wxa1b2c3d4e5f6a703";
    public const string SecretA = "mini-a-secret-0a1b2c3d4e5f60718293";
    public const string SecretB = "mini-b-secret-99aa88bb77cc66dd55ee";
    public const string SecretC = "mini-c-secret-1234567890abcdef1234";
    public const string OpenPlatform = "open-platform-auth";

    /// <summary>Registered on MiniA (allowRegister 1).</summary>
    public const string LoginA = "auths.loginTypes.miniA";

    /// <summary>Registered on MiniB, same open platform (allowRegister 1).</summary>
    public const string LoginB = "auths.loginTypes.miniB";

    /// <summary>Registered on MiniC, no open platform, allowRegister 0.</summary>
    public const string LoginClosed = "auths.loginTypes.miniClosed";

    public const string Password = "auths.loginTypes.pwd";
    public const string AuthSvc = "auths.services.AuthSvc";
    public const string Corps = "corps.Orgs";

    public static readonly string[] SandboxUsers = ["alice", "bob", "carol", "dave", "erin"];

    private readonly List<IDisposable> _owned = [];
    private WeChatSandboxServer? _sandbox;
    private AppFolder? _folder;
    private ElementApp? _app;

    protected IAppDatabase Database => database;

    protected CapturingLoggerProvider Logs { get; } = new();

    protected WeChatSandboxServer Sandbox => _sandbox ?? throw new InvalidOperationException("not initialized");

    protected WeChatSandboxClient Control => Sandbox.Control;

    protected AppFolder Folder => _folder ?? throw new InvalidOperationException("not initialized");

    protected ElementApp App => _app ?? throw new InvalidOperationException("not initialized");

    protected IReadOnlyDictionary<string, string> EnvVars { get; private set; } = new Dictionary<string, string>();

    /// <summary>True: the logins' authConfig.apiBaseUrl is <c>{{SANDBOX_URL}}</c> from the app's envVars (no host wiring needed).</summary>
    protected virtual bool ApiBaseUrlFromEnvVars => false;

    public async Task InitializeAsync()
    {
        _sandbox = await WeChatSandboxServer.StartAsync();
        await SeedSandboxAsync(Control);
        var envVars = new Dictionary<string, string>(await database.PrepareAsync())
        {
            ["MINI_SECRET_A"] = SecretA,
            ["MINI_SECRET_B"] = SecretB,
            ["MINI_SECRET_C"] = SecretC,
            ["SANDBOX_URL"] = Sandbox.BaseUrl,
        };
        EnvVars = envVars;
        _folder = AppFolder.Create(envVars: envVars);
        database.WriteOverrides(_folder);
        WriteElements(_folder, ApiBaseUrlFromEnvVars);
        _app = Load(_folder.Path);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            if (_app.TryGetElement("databases.Default", out var element) && element is DatabaseElement db)
            {
                await db.DisposeAsync();
            }

            _app.Dispose();
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        await database.CleanupAsync();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        _folder?.Dispose();
    }

    public static async Task SeedSandboxAsync(WeChatSandboxClient control)
    {
        await control.RegisterAppAsync(new SandboxAppRegistration { AppId = MiniA, Secret = SecretA, Kind = SandboxAppKind.Mini, OpenPlatformId = OpenPlatform });
        await control.RegisterAppAsync(new SandboxAppRegistration { AppId = MiniB, Secret = SecretB, Kind = SandboxAppKind.Mini, OpenPlatformId = OpenPlatform });
        await control.RegisterAppAsync(new SandboxAppRegistration { AppId = MiniC, Secret = SecretC, Kind = SandboxAppKind.Mini });
        foreach (var user in SandboxUsers)
        {
            await control.RegisterUserAsync(new SandboxUserRegistration
            {
                UserId = user,
                Nickname = user == "alice" ? "爱丽丝" : user,
                HeadImgUrl = $"https://thirdwx.qlogo.cn/mmopen/{user}/132",
                Sex = 2,
                City = "Shenzhen",
                Province = "Guangdong",
                Country = "CN",
                Phone = user == "alice" ? "13800138000" : "13900139000",
            });
        }
    }

    /// <summary>The logins, password login and organisations every test app has.</summary>
    public static void WriteElements(AppFolder folder, bool apiBaseUrlFromEnvVars = false)
    {
        var url = apiBaseUrlFromEnvVars ? "SANDBOX_URL" : null;
        folder.WriteMiniLogin("miniA", MiniA, "MINI_SECRET_A", 1, url);
        folder.WriteMiniLogin("miniB", MiniB, "MINI_SECRET_B", 1, url);
        folder.WriteMiniLogin("miniClosed", MiniC, "MINI_SECRET_C", 0, url);
        folder.WriteElement(Password, """{"type": "auths.loginTypes.PasswordType", "title": "Password login"}""");
        folder.WriteElement(Corps, """{"type": "corps.NormalType", "title": "Organisations"}""");
    }

    protected ElementApp Load(string path)
    {
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        _owned.Add(loggerFactory);
        return ElementApp.Load(path, builder =>
        {
            builder.AddStdElements();
            // ElementApp.Load pre-registers null logging; these registrations come later and win.
            builder.Services.AddSingleton(loggerFactory);
            builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            builder.Services.Configure<WeChatOptions>(options =>
            {
                options.ApiBaseUrl = Sandbox.BaseUrl;
                options.OpenBaseUrl = Sandbox.BaseUrl;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            });
        });
    }

    protected Task<JsonNode?> InvokeAsync(string element, string function, JsonObject? args = null) =>
        App.InvokeAsync(element, function, args ?? []);

    protected async Task<JsonObject> InvokeObjectAsync(string element, string function, JsonObject? args = null) =>
        (await InvokeAsync(element, function, args))!.AsObject();

    protected async Task<ElementException> FailsAsync(string element, string function, JsonObject? args = null) =>
        await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync(element, function, args));

    protected async Task<string> MintAsync(string appId, string user) => (await Control.MintLoginCodeAsync(appId, user)).Code;

    protected async Task<string> OpenIdAsync(string appId, string user) => (await Control.GetUserAsync(appId, user)).OpenId;

    /// <summary>getLoginCode with a fresh sandbox code for <paramref name="user"/>.</summary>
    protected async Task<JsonObject> WeChatLoginAsync(string login, string appId, string user) =>
        await InvokeObjectAsync(login, "getLoginCode", new JsonObject { ["code"] = await MintAsync(appId, user) });

    /// <summary>Registers <paramref name="user"/> through a mini login (getLoginCode → bindCode → register); returns the user id.</summary>
    protected async Task<long> RegisterWeChatUserAsync(string login, string appId, string user)
    {
        var first = await WeChatLoginAsync(login, appId, user);
        var bindCode = (string)first["bindCode"]!;
        var row = await InvokeObjectAsync(login, "register", new JsonObject { ["bindCode"] = bindCode });
        return (long)row["userId"]!;
    }

    protected async Task<long> RegisterPasswordUserAsync(string username, string password = "correct horse battery")
    {
        var row = await InvokeObjectAsync(Password, "register", new JsonObject { ["username"] = username, ["password"] = password });
        return (long)row["userId"]!;
    }

    protected DatabaseElement DefaultDatabase => App.GetElement<DatabaseElement>("databases.Default");

    /// <summary>Creates every account table now (a flow may not have touched some yet).</summary>
    protected Task EnsureTablesAsync() => App.Services.GetRequiredService<Std.Auths.AccountDatabase>().EnsureSyncedAsync(
        ["auths.loginTypes.WeChatMiniType.WeChatMiniAuthModel", "auths.loginTypes.PasswordType.PasswordAuthModel"]);

    protected async Task<long> CountAsync(string table, string? where = null)
    {
        await EnsureTablesAsync();
        await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"" + (where is null ? "" : " WHERE " + where));
    }

    protected async Task ExecAsync(string sql, object? parameters = null)
    {
        await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    protected async Task<List<string>> ColumnAsync(string table, string column)
    {
        await EnsureTablesAsync();
        await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>($"SELECT \"{column}\" FROM \"{table}\"")];
    }

    /// <summary>Row counts of every account table, to prove a failure changed nothing.</summary>
    protected async Task<string> SnapshotAsync()
    {
        await EnsureTablesAsync();
        var parts = new List<string>();
        foreach (var table in new[] { "auths_user", "auths_wechat_mini_auth", "auths_bind_code", "auths_login_code", "auths_session", "auths_password_auth" })
        {
            await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
            var exists = await TableExistsAsync(connection, table);
            parts.Add($"{table}={(exists ? await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"") : -1)}");
        }

        parts.Add("mini=" + string.Join(";", await RowsAsync("SELECT \"userId\", \"appId\", \"openid\", \"unionid\", \"sessionKey\", \"updatedAt\" FROM \"auths_wechat_mini_auth\" ORDER BY \"id\"")));
        parts.Add("users=" + string.Join(";", await RowsAsync("SELECT \"userId\", \"name\", \"phone\", \"updatedAt\" FROM \"auths_user\" ORDER BY \"userId\"")));
        return string.Join(" | ", parts);
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
        var rows = await connection.QueryAsync(sql);
        return [.. rows.Select(r => string.Join(",", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))];
    }

    private async Task<bool> TableExistsAsync(System.Data.Common.DbConnection connection, string table) =>
        database.Provider == "sqlite"
            ? await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0
            : await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = @table", new { table }) > 0;
}
