using Elements.Invocation;

namespace Elements.Runtime.Tests;

/// <summary><see cref="MethodResults.Awaiter"/>: every return shape an element function may have gives its value, awaited.</summary>
public sealed class MethodResultsTests
{
    [Fact]
    public async Task Generic_tasks_give_their_results_boxed_and_plain_tasks_give_null()
    {
        Assert.Equal(42, await MethodResults.Awaiter(typeof(Task<int>))(Delayed(42)));
        Assert.Equal("text", await MethodResults.Awaiter(typeof(Task<string>))(Delayed("text")));
        Assert.Null(await MethodResults.Awaiter(typeof(Task<string?>))(Task.FromResult<string?>(null)));
        Assert.Equal(7L, await MethodResults.Awaiter(typeof(ValueTask<long>))(new ValueTask<long>(Delayed(7L))));
        Assert.Equal("now", await MethodResults.Awaiter(typeof(ValueTask<string>))(new ValueTask<string>("now")));
        Assert.Null(await MethodResults.Awaiter(typeof(Task))(Task.Delay(1)));
        Assert.Null(await MethodResults.Awaiter(typeof(ValueTask))(new ValueTask(Task.Delay(1))));
        Assert.Null(await MethodResults.Awaiter(typeof(void))(null));
        Assert.Equal(3, await MethodResults.Awaiter(typeof(int))(3));
    }

    [Fact]
    public async Task A_faulted_task_throws_its_own_exception()
    {
        var awaiter = MethodResults.Awaiter(typeof(Task<int>));
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => awaiter(Faulted<int>()));
        Assert.Equal("boom", thrown.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => MethodResults.Awaiter(typeof(ValueTask<int>))(new ValueTask<int>(Faulted<int>())));
    }

    private static async Task<T> Delayed<T>(T value)
    {
        await Task.Yield();
        return value;
    }

    private static async Task<T> Faulted<T>()
    {
        await Task.Yield();
        throw new InvalidOperationException("boom");
    }
}
