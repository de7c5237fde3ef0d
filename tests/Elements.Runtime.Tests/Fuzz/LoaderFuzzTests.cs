using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Elements.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Elements.Runtime.Tests.Fuzz;

/// <summary>
/// Bad input never escapes the loader's error contract: 10,000 deterministic mutations of the sample app's and the
/// built-in library's JSON files (one file per case) each either load or fail with <see cref="ElementLoadException"/>
/// whose diagnostics carry a documented code, an existing file and a position (for JSON syntax errors: the mutated file
/// and a line inside it). No other exception type, no hang (each load is bounded), no stack overflow (which would
/// take the test host down). To replay a case, run <see cref="JsonMutator.Mutate"/> with <c>CaseRandom(index)</c>.
/// </summary>
public sealed partial class LoaderFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;
    // Fixed so CI is reproducible; ELEMENTS_FUZZ_SEED explores other mutations locally.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("ELEMENTS_FUZZ_SEED"), out var seed) ? seed : 20261125;

    // A hard bound, not a performance goal: a load of this small app takes milliseconds, so 10 s only trips on a hang.
    private static readonly TimeSpan LoadBound = TimeSpan.FromSeconds(10);

    private static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["WECHAT_OA_SECRET"] = "fuzz-oa-secret-5b1e9d2c77",
        ["WECHAT_OA2_SECRET"] = "fuzz-oa2-secret-0c4f8a6e31",
        ["WECHAT_MINI_SECRET"] = "fuzz-mini-secret-9d3b7e1f02",
    };

    [GeneratedRegex(@"^\|\s*(EL\d{4})\s*\|", RegexOptions.Multiline)]
    private static partial Regex DocumentedCode();

    [GeneratedRegex(@"[0-9]+|'[^']*'|\([^)]*\)")]
    private static partial Regex ProblemKind();

    internal static Random CaseRandom(int index) => new(unchecked(Seed + (index * 7919)));

    [Fact]
    public async Task Fuzz_mutated_app_files_load_or_fail_with_documented_diagnostics()
    {
        var documented = DocumentedCodes();
        var workers = Math.Max(2, Environment.ProcessorCount);
        var workspaces = Enumerable.Range(0, workers).Select(_ => FuzzWorkspace.Create()).ToList();
        try
        {
            var files = workspaces[0].Files;
            var originals = files.ToDictionary(f => f, f => File.ReadAllBytes(workspaces[0].FullPath(f)), StringComparer.Ordinal);
            var names = ElementNames(files);

            // The unmutated workspace must load, or every case would only test the same failure.
            Assert.Null(LoadOnce(workspaces[0].AppRoot));

            var loaded = 0;
            var failed = 0;
            var perCode = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var problems = new ConcurrentQueue<string>();
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.WhenAll(workspaces.Select((workspace, w) => Task.Run(async () =>
            {
                for (var i = w; i < Cases; i += workers)
                {
                    var file = files[i % files.Count];
                    var (bytes, description) = JsonMutator.Mutate(originals[file], file, names, CaseRandom(i));
                    var path = workspace.FullPath(file);
                    await File.WriteAllBytesAsync(path, bytes);
                    var label = $"case {i} ({file}: {description})";
                    Exception? error;
                    try
                    {
                        error = await Task.Run(() => LoadOnce(workspace.AppRoot)).WaitAsync(LoadBound);
                    }
                    catch (TimeoutException)
                    {
                        // The hung load still owns this workspace: stop the worker rather than mutate under it.
                        problems.Enqueue($"{label}: no result within {LoadBound.TotalSeconds} s (hang)");
                        return;
                    }

                    await File.WriteAllBytesAsync(path, originals[file]);
                    if (error is null)
                    {
                        Interlocked.Increment(ref loaded);
                        continue;
                    }

                    Interlocked.Increment(ref failed);
                    if (error is not ElementLoadException load)
                    {
                        problems.Enqueue($"{label}: {Describe(error)}");
                        continue;
                    }

                    foreach (var code in load.Diagnostics.Select(d => d.Code).Distinct())
                    {
                        perCode.AddOrUpdate(code, 1, (_, n) => n + 1);
                    }

                    foreach (var problem in Check(load, workspace, file, bytes, documented))
                    {
                        problems.Enqueue($"{label}: {problem}");
                    }
                }
            }))).WaitAsync(TimeSpan.FromMinutes(10));

            // CPU time as well: wall time on a shared machine says more about the neighbours than about the loader.
            output.WriteLine($"loader fuzz: {Cases} mutations of {files.Count} files on {workers} workers in {clock.Elapsed.TotalSeconds:F1} s "
                + $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU)");
            output.WriteLine($"  loaded OK: {loaded}, failed with ElementLoadException: {failed}");
            foreach (var (code, count) in perCode.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {code}: {count} case(s)");
            }

            // One example per kind of problem (the text after the case label, numbers and quotes aside) keeps a red run readable.
            var kinds = problems.GroupBy(p => ProblemKind().Replace(p[(p.IndexOf("): ", StringComparison.Ordinal) + 3)..].Split('\n')[0], "#"))
                .Select(g => $"{g.Count()}x {g.First()}").ToList();
            Assert.True(problems.IsEmpty, $"{problems.Count} problem(s) of {kinds.Count} kind(s):\n" + string.Join("\n\n", kinds));
            Assert.Equal(Cases, loaded + failed);

            // The mutations must reach past the JSON parser into the loader's semantic checks.
            Assert.True(loaded > Cases / 20, $"only {loaded} mutations loaded");
            Assert.True(perCode.Count >= 8, "diagnostic codes seen: " + string.Join(", ", perCode.Keys));
        }
        finally
        {
            foreach (var workspace in workspaces)
            {
                workspace.Dispose();
            }
        }
    }

    private static string Describe(Exception error)
    {
        var inner = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
        var frames = (inner.StackTrace ?? "").Split('\n').Where(l => l.Contains(" Elements.", StringComparison.Ordinal)).Take(3);
        return $"{inner.GetType().FullName}: {inner.Message}\n" + string.Join("\n", frames);
    }

    /// <summary>Null when the app loads; otherwise whatever the load threw.</summary>
    internal static Exception? LoadOnce(string appRoot)
    {
        try
        {
            using var app = ElementApp.Load(appRoot, b => b.AddStdElements().Configure(o => o.Environment = name => Secrets.GetValueOrDefault(name)));
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static IEnumerable<string> Check(ElementLoadException load, FuzzWorkspace workspace, string file, byte[] bytes, IReadOnlySet<string> documented)
    {
        if (load.Code != ElementLoadException.ErrorCode)
        {
            yield return $"code {load.Code}";
        }

        if (load.Diagnostics.Count == 0)
        {
            yield return "ElementLoadException without diagnostics";
        }

        var mutated = Path.GetRelativePath(workspace.AppRoot, workspace.FullPath(file)).Replace('\\', '/');
        var lines = bytes.Count(b => b == (byte)'\n') + 1;
        foreach (var d in load.Diagnostics)
        {
            if (!documented.Contains(d.Code))
            {
                yield return $"undocumented code: {d}";
            }

            if (d.Path.Length == 0 || Path.IsPathRooted(d.Path) || d.Path.Contains('\\', StringComparison.Ordinal)
                || !File.Exists(Path.GetFullPath(Path.Combine(workspace.AppRoot, d.Path))))
            {
                yield return $"path is not an existing file relative to the app: {d}";
            }

            if (d.Line < 1 || d.Column < 1 || string.IsNullOrWhiteSpace(d.Message))
            {
                yield return $"no position or message: {d}";
            }

            if (d.Code == DiagnosticCodes.MalformedJson && (d.Path != mutated || d.Line > lines))
            {
                yield return $"JSON syntax error not located in the mutated file {mutated} ({lines} lines): {d}";
            }

            if (Secrets.Values.FirstOrDefault(s => d.Message.Contains(s, StringComparison.Ordinal)) is { } secret)
            {
                yield return $"secret value in the message: {d}";
            }
        }
    }

    private static HashSet<string> DocumentedCodes()
    {
        var doc = File.ReadAllText(Path.Combine(FuzzWorkspace.RepositoryRoot(), "docs", "diagnostics.md"), Encoding.UTF8);
        var codes = DocumentedCode().Matches(doc).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(codes);
        return codes;
    }

    /// <summary>Full names of the workspace's elements (folder path, frontend/backend adding no segment), for type references.</summary>
    private static List<string> ElementNames(IEnumerable<string> files) =>
    [
        .. files.Where(f => f.EndsWith("/e.json", StringComparison.Ordinal))
            .Select(f => string.Join('.', f.Split('/')[1..^1].Where(s => s is not ("frontend" or "backend"))))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];
}
