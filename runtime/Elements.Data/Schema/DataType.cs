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
}
