namespace Elements.Data.Schema;

/// <summary>Groups of data types that share storage and rules.</summary>
internal static class DataTypeTraits
{
    /// <summary>Stored as a varchar whose length is enforced on write.</summary>
    public static bool IsShortText(DataType t) => t is DataType.Stext or DataType.Phone or DataType.Serial or DataType.Radio or DataType.Dropdown;

    public static bool IsText(DataType t) => IsShortText(t) || t == DataType.Ltext;

    public static bool IsNumeric(DataType t) => t is DataType.Numeric or DataType.Money or DataType.Percent;

    /// <summary>Stored as JSON (text on SQLite, jsonb on PostgreSQL) and read back as JSON.</summary>
    public static bool IsJson(DataType t) => t is DataType.JitDict or DataType.MultiRadio or DataType.MultiDropdown
        or DataType.Address or DataType.File or DataType.Image;

    /// <summary>A JSON list with <c>maxCount</c>.</summary>
    public static bool IsJsonList(DataType t) => t is DataType.MultiRadio or DataType.MultiDropdown or DataType.File or DataType.Image;

    public static bool IsSingleChoice(DataType t) => t is DataType.Radio or DataType.Dropdown;

    public static bool IsMultiChoice(DataType t) => t is DataType.MultiRadio or DataType.MultiDropdown;

    public static bool IsChoice(DataType t) => IsSingleChoice(t) || IsMultiChoice(t);
}
