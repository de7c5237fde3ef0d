namespace Elements.Benchmarks;

/// <summary>
/// A generated app of N Instances of one Type (of its own Meta) (<c>bench.ItemType</c>, implemented by <see cref="BenchElement"/>), each a
/// folder with an e.json carrying a few config keys; every tenth also has a business config file. Deleted on dispose.
/// </summary>
public sealed class GeneratedApp : IDisposable
{
    private readonly string _container;

    public GeneratedApp(int count)
    {
        _container = Path.Combine(Path.GetTempPath(), "elements-bench", Guid.NewGuid().ToString("n"));
        Root = Path.Combine(_container, "App");
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "app.json"), """{ "appId": "bench.App", "title": "Benchmark app", "envVars": { "REGION": "eu" } }""");
        // Its own Meta, so the benchmark measures the loader and not the built-in library's content.
        Write("bench/Meta/e.json", """{ "title": "Benchmark family", "type": "" }""");
        Write("bench/ItemType/e.json", """
            {
              "title": "Benchmark item type",
              "type": "bench.Meta",
              "retries": 3,
              "endpoint": { "host": "localhost", "port": 8080 },
              "functionList": [ { "name": "ping", "args": [] } ]
            }
            """);
        for (var i = 0; i < count; i++)
        {
            var name = ItemName(i);
            var folder = $"items/G{i / 100:D3}/{name.Split('.')[^1]}";
            Write($"{folder}/e.json", $$$"""
                {
                  "title": "Item {{{i}}}",
                  "type": "bench.ItemType",
                  "tag": "t{{{i % 7}}}",
                  "index": {{{i}}},
                  "region": "{{REGION}}",
                  "endpoint": { "port": {{{8000 + i % 100}}} }
                }
                """);
            if (i % 10 == 0)
            {
                Write($"{folder}/config.json", $$"""{ "apiUser": "user{{i}}", "limits": [1, 2, 3] }""");
            }
        }

        Count = count;
    }

    public string Root { get; }

    public int Count { get; }

    public static string ItemName(int i) => $"items.G{i / 100:D3}.I{i:D5}";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_container, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
