using System.Text.Json.Nodes;

namespace Elements.Data.Schema;

/// <summary>
/// One field of a model, as declared in JSON (<c>name, title, dataType, primaryKey, unique, dbIndex, value</c> and the
/// type's own parameters: <c>maxLen, decimal, options, rules, prefix, maxCount, addressFormat...</c>).
/// </summary>
public sealed record FieldDefinition
{
    public const int DefaultMaxLen = 255;
    public const int DefaultDecimal = 2;

    /// <summary>Column width of a Phone: a landline with area code and extension fits, e.g. <c>0755-12345678-1234</c>.</summary>
    public const int PhoneMaxLen = 20;

    /// <summary>JitAi's default <c>maxCount</c> of File and Image fields.</summary>
    public const int DefaultFileMaxCount = 5;

    /// <summary>JitAi's default <c>maxSize</c> (MB) of one File or Image entry.</summary>
    public const int DefaultFileMaxSizeMb = 20;

    public required string Name { get; init; }

    public string? Title { get; init; }

    public required DataType DataType { get; init; }

    public bool PrimaryKey { get; init; }

    public bool Unique { get; init; }

    public bool DbIndex { get; init; }

    /// <summary>Declared maximum length (Stext only); see <see cref="EffectiveMaxLen"/>.</summary>
    public int? MaxLen { get; init; }

    /// <summary>Declared decimal places (Numeric/Money/Percent only); see <see cref="EffectiveDecimal"/>.</summary>
    public int? Decimal { get; init; }

    /// <summary>Default value applied by create when the row omits the field.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>The relation of a RelateData, MultiRelateData or SubTable field; null for the other types.</summary>
    public RelationDefinition? Relation { get; init; }

    /// <summary>Choices of Radio, Dropdown, MultiRadio and MultiDropdown (<c>options</c>).</summary>
    public IReadOnlyList<ChoiceOption>? Options { get; init; }

    /// <summary>Radio/Dropdown (and their Multi forms): any text is accepted, not only an option's value.</summary>
    public bool AllowManualInput { get; init; }

    /// <summary>Most items of a MultiRadio, MultiDropdown (with <see cref="Limit"/>), File or Image value.</summary>
    public int? MaxCount { get; init; }

    /// <summary>MultiDropdown: <see cref="MaxCount"/> applies only when true (JitAi's <c>limit</c>).</summary>
    public bool Limit { get; init; }

    /// <summary>File/Image: largest <c>size</c> of one entry in MB (default 20).</summary>
    public int? MaxSize { get; init; }

    /// <summary>Phone: which numbers are valid (default <see cref="PhoneRule.Eleven"/>).</summary>
    public PhoneRule? Rules { get; init; }

    /// <summary>Serial: how numbers are built (default: no prefix, <c>YYYYMMDD</c>, 2 digits from 1).</summary>
    public SerialFormat? Serial { get; init; }

    /// <summary>Address: which parts may be given: <c>pca</c> (province, city, district; default), <c>pc</c>, <c>p</c>.</summary>
    public string? AddressFormat { get; init; }

    /// <summary>Address: whether the <c>detail</c> part (street, number) may be given (default true).</summary>
    public bool? Detail { get; init; }

    public int EffectiveMaxLen => MaxLen ?? (DataType == DataType.Phone ? PhoneMaxLen : DefaultMaxLen);

    /// <summary>Places stored: the declared ones, plus 2 for a Percent (it stores the ratio, 12.5 % as 0.125).</summary>
    public int EffectiveDecimal => (Decimal ?? DefaultDecimal) + (DataType == DataType.Percent ? 2 : 0);

    public int EffectiveMaxCount => MaxCount ?? (DataType is DataType.File or DataType.Image ? DefaultFileMaxCount : int.MaxValue);

    public int EffectiveMaxSizeMb => MaxSize ?? DefaultFileMaxSizeMb;

    public PhoneRule EffectiveRules => Rules ?? PhoneRule.Eleven;

    public SerialFormat EffectiveSerial => Serial ?? SerialFormat.Default;

    public string EffectiveAddressFormat => AddressFormat ?? "pca";
}
