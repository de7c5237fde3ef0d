using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>
/// A malformed filter. <see cref="Position"/> is the 0-based character offset into the filter string where parsing
/// failed (null for filters built in C# or JSON, which have no text).
/// </summary>
public sealed class FilterException : DataException
{
    public FilterException(string message, int? position = null)
        : base(DataErrorCodes.BadFilter,
            position is null ? $"Bad filter: {message}" : $"Bad filter at position {position} (0-based): {message}",
            position is null ? null : new JsonObject { ["position"] = position, ["positionBase"] = 0 })
    {
        Position = position;
    }

    /// <summary>0-based character offset into the filter text, when the filter was text.</summary>
    public int? Position { get; }
}
