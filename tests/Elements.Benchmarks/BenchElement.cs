using Elements.Activation;

namespace Elements.Benchmarks;

/// <summary>The class behind every generated benchmark element.</summary>
[ElementType("bench.ItemType")]
public sealed class BenchElement(ElementContext context)
{
    public string Ping() => context.FullName;
}
