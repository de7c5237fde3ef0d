using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Benchmarks;

/// <summary>
/// Hot lookup of an already activated element: <see cref="ElementApp.GetElement(string)"/> against a plain
/// <see cref="ConcurrentDictionary{TKey,TValue}"/> of the same objects and keyed DI (GetRequiredKeyedService).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class LookupBenchmarks
{
    private const int Elements = 1_000;
    private readonly ConcurrentDictionary<string, object> _dictionary = new(StringComparer.Ordinal);
    private GeneratedApp _files = null!;
    private ElementApp _app = null!;
    private ServiceProvider _keyed = null!;
    private string _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _files = new GeneratedApp(Elements);
        _app = ElementApp.Load(_files.Root, b => b.AddElementTypesFrom(typeof(BenchElement).Assembly));
        var services = new ServiceCollection();
        for (var i = 0; i < Elements; i++)
        {
            var name = GeneratedApp.ItemName(i);
            var element = _app.GetElement(name);
            _dictionary[name] = element;
            services.AddKeyedSingleton(typeof(object), name, element);
        }

        _keyed = services.BuildServiceProvider();
        _key = GeneratedApp.ItemName(Elements / 2);
        _ = _keyed.GetRequiredKeyedService<object>(_key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keyed.Dispose();
        _app.Dispose();
        _files.Dispose();
    }

    [Benchmark(Baseline = true)]
    public object ConcurrentDictionaryLookup() => _dictionary.TryGetValue(_key, out var value) ? value : throw new KeyNotFoundException();

    [Benchmark]
    public object GetElement() => _app.GetElement(_key);

    [Benchmark]
    public object KeyedDependencyInjection() => _keyed.GetRequiredKeyedService<object>(_key);
}
