using Elements.Activation;
using Elements.Std.Tasks;

namespace Elements.Std.Tests.Tasks;

/// <summary>An Inner task whose asynchronous customFunc refuses with a business error.</summary>
[ElementType("tasks.FailingReport")]
public sealed class FailingInnerTask(ElementContext context, IServiceProvider services) : TaskElement(context, services)
{
    public async Task CustomFuncAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new ElementException("REPORT_SOURCE_DOWN", "the report source did not answer");
    }
}
