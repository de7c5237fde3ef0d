using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Elements.Reliability.Tests.Support;

/// <summary>
/// The built host (<c>dotnet Elements.Host.dll</c>) as a separate OS process, as a deployment runs it: live WeChat mode
/// pointed at the shared sandbox, its own app folder, a free loopback port read back from the start-up banner. Its
/// output is drained continuously (the last lines are kept for failure messages); warnings and errors it logs are
/// counted.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _errorLines;

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>The root the host listens on, with a trailing slash.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public ElementApiClient Api { get; private set; } = null!;

    /// <summary>Lines the host logged at error or critical level (the simple console formatter's <c>fail:</c>/<c>crit:</c>).</summary>
    public int ErrorLines => Volatile.Read(ref _errorLines);

    public string OutputTail => string.Join('\n', _tail);

    /// <param name="environment">Extra environment variables (secrets, <c>PG_CONN</c>, the field protection key).</param>
    public static async Task<HostProcess> StartAsync(string name, NodeAppFolder app, SharedSandbox sandbox, IReadOnlyDictionary<string, string> environment,
        int clients = 64)
    {
        var host = RepositoryPaths.HostDll;
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root: the host's appsettings.json (logging, linking accounts) is copied beside the dll.
            WorkingDirectory = Path.GetDirectoryName(host)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        foreach (var argument in new[]
                 {
                     "--urls=http://127.0.0.1:0",
                     $"--Elements:AppPath={app.Root}",
                     "--Elements:WeChat:Mode=Live",
                     $"--Elements:WeChat:ApiBaseUrl={sandbox.BaseUrl}",
                     $"--Elements:WeChat:OpenBaseUrl={sandbox.BaseUrl}",
                     "--Logging:LogLevel:Default=Warning",
                     // Every client of these tests comes from 127.0.0.1, and the logins are anonymous: one bucket for
                     // all of them. Kept on (its cost is part of the figures) with room far beyond what 2 cores serve.
                     "--Elements:RateLimit:PermitsPerSecond=100000",
                     "--Elements:RateLimit:Burst=100000",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in sandbox.HostEnvironment.Concat(environment))
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + host);
        var node = new HostProcess(name, process);
        // If the test run ends without disposing the fixture, still stop the host rather than orphan it.
        AppDomain.CurrentDomain.ProcessExit += node.KillOnExit;
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(node._address.Task, exited, Task.Delay(StartTimeout));
            if (first != node._address.Task)
            {
                throw new InvalidOperationException(
                    $"host {name} did not start within {StartTimeout.TotalSeconds:0}s (exited: {process.HasExited}):\n{node.OutputTail}");
            }

            node.BaseUri = await node._address.Task;
            node.Api = new ElementApiClient(node.BaseUri, clients);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, as a crash or an OOM kill ends a process: no shutdown hook runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The process's working set now and its peak so far (VmRSS and VmHWM on Linux).</summary>
    public (long WorkingSet, long Peak) Memory()
    {
        _process.Refresh();
        return (_process.WorkingSet64, _process.PeakWorkingSet64);
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        Api?.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > KeptLines && _tail.TryDequeue(out _))
        {
        }

        if (line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errorLines);
        }

        if (!_address.Task.IsCompleted && BannerAddress().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"^\s*Open\s+(http://\S+)")]
    private static partial Regex BannerAddress();
}
