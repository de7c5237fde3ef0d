using System.Reflection;

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

        // Task<T> and ValueTask<T> are awaited by a generic method made for T once, not through reflection per call.
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>)))
        {
            var awaitResult = definition == typeof(Task<>) ? nameof(AwaitTaskAsync) : nameof(AwaitValueTaskAsync);
            return typeof(MethodResults).GetMethod(awaitResult, BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returnType.GetGenericArguments())
                .CreateDelegate<Func<object?, Task<object?>>>();
        }

        return returnType == typeof(void) ? static _ => Task.FromResult<object?>(null) : static r => Task.FromResult(r);
    }

    private static async Task<object?> AwaitTaskAsync<T>(object? result) => await ((Task<T>)result!).ConfigureAwait(false);

    private static async Task<object?> AwaitValueTaskAsync<T>(object? result) => await ((ValueTask<T>)result!).ConfigureAwait(false);
}
