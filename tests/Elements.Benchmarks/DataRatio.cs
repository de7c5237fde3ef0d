using System.Diagnostics;

namespace Elements.Benchmarks;

/// <summary>
/// <see cref="DataBenchmarks"/>' get and query methods against their Dapper baselines, interleaved in batches and
/// taking each method's best batch, like <see cref="LoadRatio"/>: on a shared machine other processes inflate
/// BenchmarkDotNet's means, while the best batch of each approximates the quiet-machine cost.
/// </summary>
public static class DataRatio
{
    public static void Run(int rounds)
    {
        var bench = new DataBenchmarks();
        bench.Setup();
        try
        {
            (string Name, Func<Task> Call)[] methods =
            [
                ("Dapper_Get", bench.Dapper_Get), ("Model_Get_Typed", bench.Model_Get_Typed), ("Model_Get_Invoke", bench.Model_Get_Invoke),
                ("Dapper_Query", bench.Dapper_Query), ("Model_Query_Typed", bench.Model_Query_Typed), ("Model_Query_Invoke", bench.Model_Query_Invoke),
                ("Dapper_Query_Json", bench.Dapper_Query_Json), ("Model_Query_Invoke_Json", bench.Model_Query_Invoke_Json),
            ];
            var best = methods.ToDictionary(m => m.Name, _ => double.MaxValue);
            const int Batch = 200;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, call) in methods)
                {
                    var watch = Stopwatch.StartNew();
                    for (var i = 0; i < Batch; i++)
                    {
                        call().GetAwaiter().GetResult();
                    }

                    best[name] = Math.Min(best[name], watch.Elapsed.TotalMicroseconds / Batch);
                }
            }

            foreach (var (name, _) in methods)
            {
                var baseline = name.Contains("Get", StringComparison.Ordinal) ? "Dapper_Get"
                    : name.EndsWith("_Json", StringComparison.Ordinal) ? "Dapper_Query_Json" : "Dapper_Query";
                Console.WriteLine($"{name,-24} {best[name],9:F1} µs  {best[name] / best[baseline],5:F2}× {baseline}");
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
