using System.Diagnostics;
using System.Text.Json;

namespace Elements.Benchmarks;

/// <summary>
/// Cold load against the read-and-parse floor, interleaved and taking the best of each over several rounds: on a
/// shared machine other processes inflate means, while the best run of each approximates the quiet-machine cost.
/// </summary>
public static class LoadRatio
{
    public static void Run(int rounds)
    {
        foreach (var count in new[] { 1_000, 10_000 })
        {
            using var files = new GeneratedApp(count);
            double bestLoad = double.MaxValue, bestFloor = double.MaxValue;
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                using (ElementApp.Load(files.Root, b => b.AddElementTypesFrom(typeof(BenchElement).Assembly)))
                {
                }

                bestLoad = Math.Min(bestLoad, watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                foreach (var file in Directory.EnumerateFiles(files.Root, "*.json", SearchOption.AllDirectories))
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(file));
                }

                bestFloor = Math.Min(bestFloor, watch.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"{count,6} elements: load {bestLoad,7:F1} ms, read+parse {bestFloor,7:F1} ms, ratio {bestLoad / bestFloor:F2}");
        }
    }
}
