using System.Text.Json.Nodes;
using Elements.Activation;

namespace Elements.Benchmarks;

/// <summary><c>services.BenchAudit</c>: the event handler of <see cref="EventBenchmarks"/>, doing nothing so that only the
/// event machinery is measured.</summary>
[ElementType("services.BenchAudit")]
public sealed class BenchAuditElement
{
    public int Record(JsonObject eventOutData) => eventOutData.Count;
}
