using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Elements.Benchmarks;

/// <summary>
/// Cold load of generated apps against the floor of only finding, reading and parsing the same JSON files, both
/// sequentially and in parallel (the loader parses in parallel, so the parallel floor is the fair comparison).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ColdLoadBenchmarks
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private GeneratedApp _files = null!;

    [Params(1_000, 10_000)]
    public int Elements { get; set; }

    [GlobalSetup]
    public void Setup() => _files = new GeneratedApp(Elements);

    [GlobalCleanup]
    public void Cleanup() => _files.Dispose();

    [Benchmark(Baseline = true)]
    public int ReadAndParseSequential()
    {
        var count = 0;
        foreach (var file in JsonFiles())
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file), Options);
            count += document.RootElement.GetPropertyCount();
        }

        return count;
    }

    [Benchmark]
    public int ReadAndParseParallel()
    {
        var count = 0;
        Parallel.ForEach(JsonFiles(), file =>
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file), Options);
            Interlocked.Add(ref count, document.RootElement.GetPropertyCount());
        });
        return count;
    }

    [Benchmark]
    public int Load()
    {
        using var app = ElementApp.Load(_files.Root, b => b.AddElementTypesFrom(typeof(BenchElement).Assembly));
        return app.Elements.Count;
    }

    private IEnumerable<string> JsonFiles() => Directory.EnumerateFiles(_files.Root, "*.json", SearchOption.AllDirectories);
}
