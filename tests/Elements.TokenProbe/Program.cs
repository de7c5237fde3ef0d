using System.Security.Cryptography;
using System.Text;
using Elements;
using Elements.WeChat.Tokens;
using Microsoft.Extensions.DependencyInjection;

// Usage: dotnet Elements.TokenProbe.dll <sandboxBaseUrl> <postgresConnectionString> [callers]
// The WeChat app id and secret come from ELEMENTS_PROBE_APPID / ELEMENTS_PROBE_SECRET (kept out of the process list).
// Prints "ready" once the app is loaded, waits for a line on stdin (so that all probes start together), then asks
// for the token from [callers] concurrent tasks and prints one line per caller: "token <sha256 of the token>" (the
// token itself is a credential and is never printed). Exit code 0 on success, 1 on failure (message on stderr).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Elements.TokenProbe <sandboxBaseUrl> <postgresConnectionString> [callers]");
    return 2;
}

var appId = Environment.GetEnvironmentVariable("ELEMENTS_PROBE_APPID");
var secret = Environment.GetEnvironmentVariable("ELEMENTS_PROBE_SECRET");
if (string.IsNullOrEmpty(appId) || string.IsNullOrEmpty(secret))
{
    Console.Error.WriteLine("ELEMENTS_PROBE_APPID and ELEMENTS_PROBE_SECRET must be set");
    return 2;
}

var callers = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
var appDir = Path.Combine(Path.GetTempPath(), "elements-token-probe", Guid.NewGuid().ToString("N"), "probeApp");
Directory.CreateDirectory(Path.Combine(appDir, "databases", "Default"));
try
{
    File.WriteAllText(Path.Combine(appDir, "app.json"), """{"appId": "probe.TokenProbe", "name": "TokenProbe", "title": "Token probe", "version": "1.0.0"}""");
    // The override takes the connection string from the environment through a placeholder, as a deployment would.
    File.WriteAllText(Path.Combine(appDir, "databases", "Default", "e.json"),
        """{"title": "Shared database", "type": "databases.PostgresType", "connectionString": "{{ELEMENTS_PROBE_PG}}"}""");
    Environment.SetEnvironmentVariable("ELEMENTS_PROBE_PG", args[1]);

    var services = new ServiceCollection();
    services.AddLogging();
    services.AddElements(o => o.AppPath = appDir).AddStdElements();
    services.AddDatabaseAccessTokenStore();
    services.AddWeChatClient(o =>
    {
        o.ApiBaseUrl = args[0];
        o.AddApp(appId, secret);
    });
    await using var provider = services.BuildServiceProvider();
    var tokens = provider.GetRequiredService<AccessTokenProvider>();
    provider.GetRequiredService<ElementApp>();

    Console.WriteLine("ready");
    Console.Out.Flush();
    await Console.In.ReadLineAsync();

    var results = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() => tokens.GetTokenAsync(appId))));
    foreach (var token in results)
    {
        Console.WriteLine("token " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
    }

    return 0;
}
catch (ElementException ex)
{
    Console.Error.WriteLine($"{ex.Code}: {ex.Message}");
    return 1;
}
finally
{
    try
    {
        Directory.Delete(Path.GetDirectoryName(appDir)!, recursive: true);
    }
    catch (IOException)
    {
    }
}
