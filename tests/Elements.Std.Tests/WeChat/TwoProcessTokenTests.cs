using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Elements.Std.Auths;
using Elements.Std.Models;
using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;
using Elements.WeChat.Tokens;
using Elements.WeChatSandbox.Server;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elements.Std.Tests.WeChat;

/// <summary>
/// Separate OS processes (tests/Elements.TokenProbe) and in-process callers share one PostgreSQL database and one
/// sandbox: the database lease must let exactly one of them fetch the token, and all must end up with that token.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoProcessTokenTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private const string AppId = "wx_two_process";
    private const string Secret = "two-process-secret";
    private const string StablePath = "/cgi-bin/stable_token";
    private const int Probes = 3;
    private const int CallersPerProbe = 10;
    private static readonly string FieldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly PostgresAppDatabase _database = new(server);
    private AppFolder? _folder;

    public async Task InitializeAsync()
    {
        var envVars = await _database.PrepareAsync();
        _folder = AppFolder.Create(envVars: envVars);
        _database.WriteOverrides(_folder);
    }

    public async Task DisposeAsync()
    {
        await _database.CleanupAsync();
        _folder?.Dispose();
    }

    [Fact]
    public async Task Processes_sharing_one_database_make_exactly_one_token_request()
    {
        await using var sandbox = await WeChatSandboxServer.StartAsync();
        await sandbox.Control.RegisterAppAsync(new() { AppId = AppId, Secret = Secret });

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddElements(o => o.AppPath = _folder!.Path).AddStdElements();
        // Token values are encrypted at rest: processes sharing a database share the field protection key.
        services.Configure<FieldProtectionOptions>(o => o.Key = FieldKey);
        services.AddDatabaseAccessTokenStore();
        services.AddWeChatClient(o =>
        {
            o.ApiBaseUrl = sandbox.BaseUrl;
            o.AddApp(AppId, Secret);
        });
        await using var provider = services.BuildServiceProvider();
        var app = provider.GetRequiredService<ElementApp>();
        var tokens = provider.GetRequiredService<AccessTokenProvider>();
        // No table yet: the processes also race to create it at first use.
        Assert.Null(app.GetElement<ModelElement>("wechat.models.AccessTokenModel").LastSyncResult);

        var clock = Stopwatch.StartNew();
        var probes = Enumerable.Range(0, Probes).Select(_ => StartProbe(sandbox.BaseUrl, _database.ConnectionString)).ToList();
        try
        {
            foreach (var probe in probes)
            {
                var first = await probe.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                if (first != "ready")
                {
                    Assert.Fail($"probe did not start: {first} {await ReadErrorAsync(probe)}");
                }
            }

            output.WriteLine($"probes ready after {clock.ElapsedMilliseconds} ms");

            // Everyone goes at once: the probes on their signal, and this process's own callers.
            foreach (var probe in probes)
            {
                await probe.StandardInput.WriteLineAsync("go");
                await probe.StandardInput.FlushAsync();
            }

            var local = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => tokens.GetTokenAsync(AppId))));
            output.WriteLine($"in-process callers done after {clock.ElapsedMilliseconds} ms");
            var remote = new List<string>();
            foreach (var probe in probes)
            {
                var stdout = await probe.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
                await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (probe.ExitCode != 0)
                {
                    Assert.Fail($"probe failed ({probe.ExitCode}): {await ReadErrorAsync(probe)}");
                }

                remote.AddRange(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(l => l.StartsWith("token ", StringComparison.Ordinal)).Select(l => l["token ".Length..]));
            }

            output.WriteLine($"probes done after {clock.ElapsedMilliseconds} ms");
            Assert.Single(local.Distinct());
            Assert.Equal(Probes * CallersPerProbe, remote.Count);
            Assert.All(remote, hash => Assert.Equal(Hash(local[0]), hash));
            Assert.Equal(1, await sandbox.Control.GetCallCountAsync(StablePath));
        }
        finally
        {
            foreach (var probe in probes)
            {
                if (!probe.HasExited)
                {
                    probe.Kill(entireProcessTree: true);
                }

                probe.Dispose();
            }
        }
    }

    private static Process StartProbe(string sandboxUrl, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProbePath());
        start.ArgumentList.Add(sandboxUrl);
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add(CallersPerProbe.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["ELEMENTS_PROBE_APPID"] = AppId;
        start.Environment["ELEMENTS_PROBE_SECRET"] = Secret;
        start.Environment[FieldProtectionOptions.EnvironmentVariable] = FieldKey;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the token probe");
    }

    private static async Task<string> ReadErrorAsync(Process probe)
    {
        try
        {
            return await probe.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return "(no stderr)";
        }
    }

    // The probe is built by this project's reference (ReferenceOutputAssembly=false) into its own bin folder, with the
    // same configuration as this test assembly: .../tests/Elements.Std.Tests/bin/<config>/<tfm>/.
    private static string ProbePath()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var configuration = baseDir.Parent!.Name;
        var tests = baseDir.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Elements.TokenProbe", "bin", configuration, tfm, "Elements.TokenProbe.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build tests/Elements.TokenProbe first", path);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
