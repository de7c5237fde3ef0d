namespace Elements.Invocation;

/// <summary>
/// What a method returned, awaited: the value of a <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, null for
/// <c>void</c>, <c>Task</c> and <c>ValueTask</c>, the value itself otherwise. Element functions, and the <c>customFunc</c>
/// of tasks and events, may be written any of these ways.
/// </summary>
public static class MethodResults
{
    /// <summary>An awaiter for results of methods declared to return <paramref name="returnType"/> (build it once per method).</summary>
    public static Func<object?, Task<object?>> Awaiter(Type returnType)
    {
        // Decided from the declared return type: an async Task method's runtime type is Task<VoidTaskResult>.
        if (returnType == typeof(Task))
        {
            return async r =>
            {
                await ((Task)r!).ConfigureAwait(false);
                return null;
            };
        }

        if (returnType == typeof(ValueTask))
        {
            return async r =>
            {
                await ((ValueTask)r!).ConfigureAwait(false);
                return null;
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = returnType.GetProperty(nameof(Task<object>.Result))!;
            return async r =>
            {
                var task = (Task)r!;
                await task.ConfigureAwait(false);
                return result.GetValue(task);
            };
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
            var result = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()).GetProperty(nameof(Task<object>.Result))!;
            return async r =>
            {
                var task = (Task)asTask.Invoke(r, null)!;
                await task.ConfigureAwait(false);
                return result.GetValue(task);
            };
        }

        return returnType == typeof(void) ? static _ => Task.FromResult<object?>(null) : static r => Task.FromResult(r);
    }
}
