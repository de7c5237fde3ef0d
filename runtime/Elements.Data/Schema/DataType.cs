namespace Elements.Data.Schema;

/// <summary>Field data types, named as in JitAi model definitions (<c>"dataType": "Stext"</c>).</summary>
public enum DataType
{
    /// <summary>Auto-incrementing 64-bit integer; only valid as the primary key.</summary>
    AutoInt,
    /// <summary>64-bit integer.</summary>
    Integer,
    /// <summary>Short text, at most <c>maxLen</c> characters (default 255).</summary>
    Stext,
    /// <summary>Unbounded text.</summary>
    Ltext,
    /// <summary>Fixed-point number with <c>decimal</c> places (default 2).</summary>
    Numeric,
    /// <summary>Amount of money: fixed-point, <c>decimal</c> places (default 2).</summary>
    Money,
    /// <summary>Instant in UTC; travels as ISO-8601 (<c>2026-11-25T10:00:00Z</c>).</summary>
    Datetime,
    /// <summary>Calendar date; travels as <c>yyyy-MM-dd</c>.</summary>
    Date,
    /// <summary>Boolean.</summary>
    Checkbox,
    /// <summary>JSON object (text on SQLite, jsonb on PostgreSQL).</summary>
    JitDict,
    /// <summary>Many-to-one relation: a foreign-key column holding the key of a row of the model named by <c>generic</c>.</summary>
    RelateData,
    /// <summary>One-to-many relation seen from the parent: the rows of <c>generic</c> whose RelateData field <c>relateField</c> points here; no column.</summary>
    MultiRelateData,
    /// <summary>Child rows owned by the parent (rows of <c>generic</c> whose field <c>relateField</c> points here), written with it; no column.</summary>
    SubTable,
    /// <summary>Percentage stored as the ratio (12.5 % is 0.125) with <c>decimal</c> + 2 places (JitAi's realDecimal).</summary>
    Percent,
    /// <summary>Time of day; travels as <c>HH:mm:ss</c>.</summary>
    Time,
    /// <summary>Telephone number checked against <c>rules</c> (eleven, eight, tel, mobileOrTel).</summary>
    Phone,
    /// <summary>Serial number generated on create: prefix, field value, connector, date, zero-padded counter.</summary>
    Serial,
    /// <summary>Single choice: one of <c>options[].value</c> (or any text with <c>allowManualInput</c>).</summary>
    Radio,
    /// <summary>Single select: as <see cref="Radio"/>.</summary>
    Dropdown,
    /// <summary>Multiple choice: a JSON list of option values (at most <c>maxCount</c>).</summary>
    MultiRadio,
    /// <summary>Multiple select: as <see cref="MultiRadio"/>; <c>maxCount</c> applies when <c>limit</c> is true.</summary>
    MultiDropdown,
    /// <summary>Address: JSON object <c>{province, city, district, detail}</c>.</summary>
    Address,
    /// <summary>Attachments: JSON list of <c>{name, url, size, type}</c> (at most <c>maxCount</c>).</summary>
    File,
    /// <summary>Images: as <see cref="File"/>, with an image media type.</summary>
    Image,
}
