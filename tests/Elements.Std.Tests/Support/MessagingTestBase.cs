using System.Text.Json.Nodes;
using Elements.WeChatSandbox.Client;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Tests.Support;

/// <summary>
/// A private sandbox per test (real Kestrel on loopback, own state and clock) with an official account and three
/// followers, and fixture apps holding a <c>messages.WechatCustomType</c> instance whose appSecret is a
/// <c>{{WECHAT_OA_SECRET}}</c> placeholder resolved from the app's envVars. Logs of every loaded app are captured.
/// </summary>
public abstract class MessagingTestBase : IAsyncLifetime
{
    public const string AppId = "wx7c3ed56f7f792d84";
    public const string Secret = "b7e4c1d9a2f80653e1c4b7a9d2f60835";
    public const string SecretVariable = "WECHAT_OA_SECRET";
    public const string Element = "messages.CustomService";
    public const string Alice = "alice";
    public const string Bob = "bob";
    public const string Carol = "carol";
    public const string SendPath = "/cgi-bin/message/custom/send";
    public const string StableTokenPath = "/cgi-bin/stable_token";
    public const string ClassicTokenPath = "/cgi-bin/token";

    private readonly List<IDisposable> _owned = [];

    protected WeChatSandboxServer Sandbox { get; private set; } = null!;

    protected WeChatSandboxClient Control => Sandbox.Control;

    /// <summary>Every entry logged by the apps this test loaded.</summary>
    protected CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Sandbox = await WeChatSandboxServer.StartAsync();
        await RegisterOfficialAppAsync();
        foreach (var user in new[] { Alice, Bob, Carol })
        {
            await Control.RegisterUserAsync(new SandboxUserRegistration { UserId = user, Nickname = user, Country = "CN" });
        }
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        await Sandbox.DisposeAsync();
    }

    /// <summary>(Re-)registers the official account with the sandbox; registering again replaces its limits.</summary>
    protected Task RegisterOfficialAppAsync(int messagesPerInteraction = 5, Dictionary<string, int>? dailyQuotas = null) =>
        Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = AppId,
            Secret = Secret,
            Kind = SandboxAppKind.Official,
            Name = "Messaging test account",
            MessagesPerInteraction = messagesPerInteraction,
            DailyQuotas = dailyQuotas ?? [],
        });

    /// <summary>The business config of the fixture instance: <c>{appId, appSecret: "{{WECHAT_OA_SECRET}}", tokenMode}</c>.</summary>
    protected static JsonObject InstanceConfig(string tokenMode = "stable") => new()
    {
        ["appId"] = AppId,
        ["appSecret"] = "{{" + SecretVariable + "}}",
        ["tokenMode"] = tokenMode,
    };

    /// <summary>A fixture app with the instance <see cref="Element"/>, loaded against the sandbox.</summary>
    protected ElementApp LoadApp(string tokenMode = "stable") => LoadApp(InstanceConfig(tokenMode));

    protected ElementApp LoadApp(JsonObject businessConfig, IReadOnlyDictionary<string, string>? envVars = null)
    {
        var folder = CreateFolder(envVars);
        folder.WriteElement(Element, new JsonObject { ["title"] = "Customer service", ["type"] = "messages.WechatCustomType" }, businessConfig);
        return Load(folder);
    }

    protected AppFolder CreateFolder(IReadOnlyDictionary<string, string>? envVars = null)
    {
        var folder = AppFolder.Create(envVars: envVars ?? new Dictionary<string, string> { [SecretVariable] = Secret });
        _owned.Add(folder);
        return folder;
    }

    protected ElementApp Load(AppFolder folder)
    {
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        _owned.Add(loggerFactory);
        var app = ElementApp.Load(folder.Path, builder =>
        {
            builder.AddStdElements();
            // ElementApp.Load pre-registers null logging; these registrations come later and win.
            builder.Services.AddSingleton(loggerFactory);
            builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            builder.Services.AddWeChatClient(options =>
            {
                options.ApiBaseUrl = Sandbox.BaseUrl;
                options.OpenBaseUrl = Sandbox.BaseUrl;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                options.Timeout = TimeSpan.FromSeconds(30);
            });
        });
        _owned.Add(app);
        return app;
    }

    protected async Task<string> OpenIdAsync(string user) => (await Control.GetUserAsync(AppId, user)).OpenId;

    /// <summary>The user writes to the account (opening the 48-hour window); returns their openid.</summary>
    protected async Task<string> InteractAsync(string user)
    {
        await Control.RecordInteractionAsync(AppId, user);
        return await OpenIdAsync(user);
    }

    protected Task<int> CallsAsync(string path) => Control.GetCallCountAsync(path);

    protected async Task<int> TotalCallsAsync() => (await Control.GetCallCountsAsync()).Values.Sum();

    protected static Task<JsonNode?> SendTextAsync(ElementApp app, string openid, string content) =>
        app.InvokeAsync(Element, "sendText", new JsonObject { ["openid"] = openid, ["content"] = content });

    /// <summary>Invokes and expects an <see cref="ElementException"/> of the given type.</summary>
    protected static Task<T> FailsAsync<T>(ElementApp app, string function, JsonObject args)
        where T : ElementException =>
        Assert.ThrowsAsync<T>(() => app.InvokeAsync(Element, function, args));

    /// <summary>An openid of the right shape that the sandbox never issued.</summary>
    protected static string UnknownOpenId => "o" + new string('Z', 27);
}
