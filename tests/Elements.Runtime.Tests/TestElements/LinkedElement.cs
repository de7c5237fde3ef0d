using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

/// <summary>An element whose constructor asks for another element, as a model asks for its database; what it asks
/// for comes from <see cref="ActivationLinks"/>.</summary>
[ElementType("services.LinkType")]
public sealed class LinkedElement
{
    public LinkedElement(ElementContext context, ActivationLinks links)
    {
        var name = context.FullName;
        links.Constructed(name);
        Thread.Sleep(20); // concurrent first calls really overlap
        if (links.Failing.ContainsKey(name))
        {
            throw new InvalidOperationException($"{name} refuses to start");
        }

        if (links.AskForSelfLater.ContainsKey(name))
        {
            Later = Task.Run(async () =>
            {
                await links.Released.Task;
                return context.App.GetElement(name);
            });
        }

        if (links.Next.TryGetValue(name, out var next))
        {
            Next = links.OnAnotherThread.ContainsKey(name)
                ? Task.Run(() => context.App.GetElement(next)).GetAwaiter().GetResult()
                : context.App.GetElement(next);
        }
    }

    public object? Next { get; }

    public Task<object>? Later { get; }
}
