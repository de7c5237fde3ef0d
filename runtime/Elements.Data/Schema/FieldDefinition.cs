using System.Text.Json.Nodes;

namespace Elements.Data.Schema;

/// <summary>One field of a model, as declared in JSON (<c>name, title, dataType, primaryKey, unique, dbIndex, maxLen, decimal, value</c>).</summary>
public sealed record FieldDefinition
{
    public const int DefaultMaxLen = 255;
    public const int DefaultDecimal = 2;

    public required string Name { get; init; }

    public string? Title { get; init; }

    public required DataType DataType { get; init; }

    public bool PrimaryKey { get; init; }

    public bool Unique { get; init; }

    public bool DbIndex { get; init; }

    /// <summary>Declared maximum length (Stext only); see <see cref="EffectiveMaxLen"/>.</summary>
    public int? MaxLen { get; init; }

    /// <summary>Declared decimal places (Numeric/Money only); see <see cref="EffectiveDecimal"/>.</summary>
    public int? Decimal { get; init; }

    /// <summary>Default value applied by create when the row omits the field.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>The relation of a RelateData, MultiRelateData or SubTable field; null for the other types.</summary>
    public RelationDefinition? Relation { get; init; }

    public int EffectiveMaxLen => MaxLen ?? DefaultMaxLen;

    public int EffectiveDecimal => Decimal ?? DefaultDecimal;
}
