using Elements.Activation;
using Elements.Std.Tasks;

namespace Elements.Std.Tests.Tasks;

/// <summary>An Inner task as an app writes one: its own class with JitAi's customFunc (what Roslyn compiles at load).</summary>
[ElementType("tasks.Report")]
public sealed class InnerReportTask(ElementContext context, IServiceProvider services) : TaskElement(context, services)
{
    public static int Runs;

    public object CustomFunc()
    {
        Interlocked.Increment(ref Runs);
        return new { processedCount = 3, status = "success" };
    }
}
