using Elements.Testing.Files;


namespace Elements.Host.Tests.Support;

/// <summary>A throwaway app folder (app id <c>acme.Shop</c>) inside its own temp container, deleted on dispose.</summary>
internal sealed class TestAppFolder : IDisposable
{
    public const string AppId = "acme.Shop";

    private readonly TempDirectory _container;

    private TestAppFolder(TempDirectory container)
    {
        _container = container;
        Root = Path.Combine(container.Path, "Shop");
        Directory.CreateDirectory(Root);
        Write("app.json", $$"""{ "appId": "{{AppId}}", "name": "Shop", "title": "Host test app", "version": "1.0.0", "extends": [] }""");
    }

    /// <summary>The host's content root: holds the app folder and nothing else (no appsettings.json).</summary>
    public string Container => _container.Path;

    public string Root { get; }

    public static TestAppFolder Create() => new(TempDirectory.Create("elements-host-tests"));

    /// <summary>The elements most tests need: echo, an order service, a mini-program login, a role opening them to
    /// every caller; plus the session service unless <paramref name="withAuthService"/> is false.</summary>
    public TestAppFolder WithStandardElements(bool withAuthService = true)
    {
        Write("services/Echo/e.json", """
            {
              "title": "Echo",
              "type": "services.NormalType",
              "functionList": [
                { "name": "echo", "args": [{ "name": "text", "dataType": "Stext" }], "returnType": "JitDict", "loginRequired": 0 },
                { "name": "add", "args": [{ "name": "a" }, { "name": "b" }], "returnType": "Numeric", "loginRequired": 0 },
                { "name": "nothing", "args": [], "loginRequired": 0 },
                { "name": "whoAmI", "args": [] },
                { "name": "crash", "args": [], "loginRequired": 0 },
                { "name": "refuse", "args": [], "loginRequired": 0 },
                { "name": "wechatError", "args": [{ "name": "errcode" }], "loginRequired": 0 }
              ]
            }
            """);
        Write("orders/services/OrderSvc/e.json", """
            { "title": "Orders", "type": "services.NormalType", "functionList": [{ "name": "count", "args": [], "loginRequired": 0 }] }
            """);
        Write("services/MiniLogin/e.json", """
            {
              "title": "Mini login",
              "type": "services.NormalType",
              "functionList": [{ "name": "openId", "args": [{ "name": "appId" }, { "name": "code" }], "loginRequired": 0 }]
            }
            """);
        WithOpenRole();
        if (withAuthService)
        {
            Write("testing/HostAuthType/e.json", """
                {
                  "title": "Test session service type",
                  "type": "services.NormalType",
                  "functionList": [{ "name": "getCurrentUser", "args": [{ "name": "token" }], "returnType": "JitDict", "loginRequired": 0 }]
                }
                """);
            Write("auths/services/AuthSvc/e.json", """{ "title": "Auth service", "type": "testing.HostAuthType" }""");
        }

        return this;
    }

    /// <summary>Roles decide every call; tests about the host's mechanics open the test app's own element families
    /// (<c>services.*</c>, <c>orders.*</c>, <c>testing.*</c>, <c>telemetry.*</c>) to every caller with this role.</summary>
    public TestAppFolder WithOpenRole()
    {
        Write("roles/TestCallers/e.json", """{ "title": "Test callers", "type": "roles.NormalType" }""");
        Write("roles/TestCallers/TestCallers.json", """
            { "appliesTo": "everyone", "apiPerm": { "services.*": "allow", "orders.*": "allow", "testing.*": "allow", "telemetry.*": "allow" } }
            """);
        return this;
    }

    public string Write(string relativePath, string content) => TempDirectory.WriteFile(Path.Combine(Root, relativePath), content);

    public void Dispose() => _container.Dispose();
}
