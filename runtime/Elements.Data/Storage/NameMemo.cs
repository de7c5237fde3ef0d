using System.Collections.Concurrent;

namespace Elements.Data.Storage;

/// <summary>
/// Something made from a schema name (its quoted identifier, its encoded JSON property name) once per name: statements
/// and rows use the same few names over and over. Schemas bound the set of names; the cap only guards against a caller
/// that passes unbounded ones, which are then made on every call.
/// </summary>
internal sealed class NameMemo<TValue>(Func<string, TValue> make)
{
    private const int MaxNames = 4096;
    private readonly ConcurrentDictionary<string, TValue> _made = new(StringComparer.Ordinal);

    public TValue this[string name]
    {
        get
        {
            if (_made.TryGetValue(name, out var value))
            {
                return value;
            }

            value = make(name);
            if (_made.Count < MaxNames)
            {
                _made.TryAdd(name, value);
            }

            return value;
        }
    }
}
