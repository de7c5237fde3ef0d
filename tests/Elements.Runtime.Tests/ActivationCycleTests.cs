using Elements.Runtime.Tests.Support;
using Elements.Runtime.Tests.TestElements;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Runtime.Tests;

/// <summary>
/// Constructors that ask for elements (a model its database): a cycle fails with EL_ACTIVATION_CYCLE naming the chain
/// instead of overflowing the stack, the app stays usable, and a failure deep in the chain says through which elements
/// it was reached.
/// </summary>
public sealed class ActivationCycleTests : IDisposable
{
    private const string Hint = "; an element's constructor asks, directly or through other elements, for itself";

    private readonly TempApp _temp = TempApp.Create();
    private readonly ActivationLinks _links = new();
    private readonly ElementApp _app;

    public ActivationCycleTests()
    {
        _temp.Write("app.json", """{ "appId": "test.Cycles" }""");
        _temp.Write("services/LinkType/e.json", """{ "title": "Asks for another element", "type": "services.Meta" }""");
        foreach (var name in new[] { "A", "B", "C", "Self", "Plain" })
        {
            _temp.Write($"services/{name}/e.json", $$"""{ "title": "{{name}}", "type": "services.LinkType" }""");
        }

        _app = TestApps.Load(_temp.Root, b => b.Services.AddSingleton(_links));
    }

    public void Dispose()
    {
        _app.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Two_cycle_fails_naming_the_chain_and_nothing_stays_cached_as_failed()
    {
        _links.Next["services.A"] = "services.B";
        _links.Next["services.B"] = "services.A";

        var ex = Assert.Throws<ElementException>(() => _app.GetElement("services.A"));
        Assert.Equal("EL_ACTIVATION_CYCLE", ex.Code);
        Assert.Equal("activation cycle: services.A -> services.B -> services.A" + Hint, ex.Message);

        // Each constructor ran once: the cycle stopped at the second request for A, not at a stack overflow.
        Assert.Equal(1, _links.Constructions("services.A"));
        Assert.Equal(1, _links.Constructions("services.B"));

        // Asking again fails the same way (a failed activation is retried, not cached), from either end.
        Assert.Equal("activation cycle: services.B -> services.A -> services.B" + Hint,
            Assert.Throws<ElementException>(() => _app.GetElement("services.B")).Message);

        // The app stays usable, and once the cycle is broken the same elements activate.
        Assert.IsType<LinkedElement>(_app.GetElement("services.Plain"));
        _links.Next.TryRemove("services.B", out _);
        var a = _app.GetElement<LinkedElement>("services.A");
        Assert.Same(_app.GetElement("services.B"), a.Next);
        Assert.Same(a, _app.GetElement("services.A"));
    }

    [Fact]
    public void Three_cycle_names_every_element_in_order()
    {
        _links.Next["services.A"] = "services.B";
        _links.Next["services.B"] = "services.C";
        _links.Next["services.C"] = "services.A";

        var ex = Assert.Throws<ElementException>(() => _app.GetElement("services.B"));
        Assert.Equal("EL_ACTIVATION_CYCLE", ex.Code);
        Assert.Equal("activation cycle: services.B -> services.C -> services.A -> services.B" + Hint, ex.Message);
        Assert.IsType<LinkedElement>(_app.GetElement("services.Plain"));
    }

    [Fact]
    public void Element_asking_for_itself_is_a_cycle()
    {
        _links.Next["services.Self"] = "services.Self";

        var ex = Assert.Throws<ElementException>(() => _app.GetElement("services.Self"));
        Assert.Equal("EL_ACTIVATION_CYCLE", ex.Code);
        Assert.Equal("activation cycle: services.Self -> services.Self" + Hint, ex.Message);
    }

    [Fact]
    public async Task Cycle_closed_on_an_awaited_task_is_detected_instead_of_deadlocking()
    {
        _links.Next["services.A"] = "services.B";
        _links.OnAnotherThread["services.A"] = true;
        _links.Next["services.B"] = "services.A";

        // Without detection the task would block on A's lock while A's constructor blocks on the task.
        var ex = await Assert.ThrowsAsync<ElementException>(() =>
            Task.Run(() => _app.GetElement("services.A")).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("EL_ACTIVATION_CYCLE", ex.Code);
        Assert.Equal("activation cycle: services.A -> services.B -> services.A" + Hint, ex.Message);
    }

    [Fact]
    public void Nested_failure_names_the_chain_it_was_reached_through()
    {
        _links.Next["services.A"] = "services.B";
        _links.Next["services.B"] = "services.C";
        _links.Failing["services.C"] = true;

        var ex = Assert.Throws<ElementException>(() => _app.GetElement("services.A"));
        Assert.Equal("EL_ACTIVATION_FAILED", ex.Code);
        Assert.Equal($"could not activate 'services.C' ({typeof(LinkedElement).FullName}) while activating services.A -> services.B -> services.C: "
            + "services.C refuses to start", ex.Message);

        // Asked for directly, there is no chain to name.
        Assert.Equal($"could not activate 'services.C' ({typeof(LinkedElement).FullName}): services.C refuses to start",
            Assert.Throws<ElementException>(() => _app.GetElement("services.C")).Message);

        // Repaired, the whole chain activates: none of the three was cached as failed.
        _links.Failing.TryRemove("services.C", out _);
        var a = _app.GetElement<LinkedElement>("services.A");
        Assert.Same(_app.GetElement("services.B"), a.Next);
        Assert.Same(_app.GetElement("services.C"), ((LinkedElement)a.Next!).Next);
    }

    [Fact]
    public void Threads_activating_the_same_chain_at_once_create_each_element_once()
    {
        _links.Next["services.A"] = "services.B";
        _links.Next["services.B"] = "services.C";
        using var start = new Barrier(16);
        var results = new object[16];
        var threads = Enumerable.Range(0, 16).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            // Half start at the head of the chain, half in its middle: waiting for another thread is not a cycle.
            results[i] = _app.GetElement(i % 2 == 0 ? "services.A" : "services.B");
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(1, _links.Constructions("services.A"));
        Assert.Equal(1, _links.Constructions("services.B"));
        Assert.Equal(1, _links.Constructions("services.C"));
        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Same(results[0], r));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Same(results[1], r));
    }

    [Fact]
    public async Task Task_started_by_a_constructor_may_ask_for_its_element_once_the_constructor_returned()
    {
        // The task captured the chain while A's constructor ran; a finished activation on it is not a cycle.
        _links.AskForSelfLater["services.A"] = true;
        var a = _app.GetElement<LinkedElement>("services.A");
        _links.Released.SetResult();
        Assert.Same(a, await a.Later!.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
