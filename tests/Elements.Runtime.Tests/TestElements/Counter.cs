using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

/// <summary>Counts constructions; the constructor is slow on purpose so concurrent first calls really overlap.</summary>
[ElementType("services.Counter")]
public sealed class Counter
{
    private static int _constructions;

    public Counter()
    {
        Interlocked.Increment(ref _constructions);
        Thread.Sleep(50);
    }

    public static int Constructions => Volatile.Read(ref _constructions);
}
