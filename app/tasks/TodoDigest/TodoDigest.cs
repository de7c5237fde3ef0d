using System;
using System.Threading;
using System.Threading.Tasks;
using Elements.Activation;
using Elements.Data.Filters;
using Elements.Std.Models;
using Elements.Std.Tasks;

namespace SampleApp.Tasks;

/// <summary><c>tasks.TodoDigest</c>: JitAi's <c>customFunc</c> of an Inner task. Its result is stored in the run's history row.</summary>
[ElementType("tasks.TodoDigest")]
public sealed class TodoDigest(ElementContext context, IServiceProvider services) : TaskElement(context, services)
{
    public async Task<object> CustomFuncAsync(CancellationToken cancellationToken)
    {
        var todos = await context.App.GetElement<ModelElement>("models.Todo").OpenStoreAsync(cancellationToken);
        return new
        {
            open = await todos.CountAsync(Q.Parse("Q(done=False)"), cancellationToken),
            done = await todos.CountAsync(Q.Parse("Q(done=True)"), cancellationToken),
        };
    }
}
