using System.Text;

namespace Elements.Data.Storage;

/// <summary>
/// The builders statement text is written in, one kept per thread. Every statement is written anew from its parts
/// (a login writes about a dozen), and a new builder for each part was a quarter of the data layer's garbage. A
/// builder is rented for one piece of text and returned with it; the renter owns it alone in between, awaits
/// included. One that grew past <see cref="MaxKeptCapacity"/> is not kept.
/// </summary>
internal static class SqlText
{
    private const int InitialCapacity = 256;
    private const int MaxKeptCapacity = 4096;

    [ThreadStatic]
    private static StringBuilder? t_kept;

    public static StringBuilder Rent()
    {
        var builder = t_kept;
        if (builder is null)
        {
            return new StringBuilder(InitialCapacity);
        }

        t_kept = null;
        return builder;
    }

    /// <summary>The builder's text; the builder is emptied and kept for the next <see cref="Rent"/> on this thread.</summary>
    public static string Return(StringBuilder builder)
    {
        var text = builder.ToString();
        if (builder.Capacity <= MaxKeptCapacity)
        {
            builder.Clear();
            t_kept = builder;
        }

        return text;
    }
}
