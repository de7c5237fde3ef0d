using System.ComponentModel;
using System.Diagnostics;

namespace Elements.Testing.Processes;

/// <summary>Runs a tool the tests drive (npm, a generator script) to its end, with its output for the failure message.</summary>
public static class ChildProcess
{
    /// <returns>The exit code (-1 when it ran out of time and was killed) and standard output followed by standard error.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string command, IEnumerable<string> args, TimeSpan timeout,
        params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(command, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Plain text for the assertion messages.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"`{command}` could not be started ({e.Message}): is it installed? (test.sh installs what the tests need)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return (-1, $"timed out after {timeout}:\n{await stdout}{await stderr}");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
