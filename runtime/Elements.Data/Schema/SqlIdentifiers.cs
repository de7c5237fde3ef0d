namespace Elements.Data.Schema;

/// <summary>
/// Identifier policy shared by tables and fields. Identifiers are always quoted in SQL, but we still restrict them
/// to plain ASCII and reject reserved words so the same model is portable across dialects and tools.
/// </summary>
internal static class SqlIdentifiers
{
    // PostgreSQL truncates identifiers at 63 bytes; longer names would silently collide.
    public const int MaxLength = 63;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "abort", "all", "alter", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "attach",
        "autoincrement", "between", "both", "by", "case", "cast", "check", "collate", "column", "commit", "constraint",
        "create", "cross", "current_catalog", "current_date", "current_role", "current_time", "current_timestamp",
        "current_user", "default", "deferrable", "delete", "desc", "detach", "distinct", "do", "drop", "else", "end",
        "escape", "except", "exists", "false", "fetch", "for", "foreign", "from", "full", "glob", "grant", "group",
        "having", "ilike", "in", "index", "initially", "inner", "insert", "intersect", "into", "is", "isnull", "join",
        "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull",
        "null", "offset", "on", "only", "or", "order", "outer", "placing", "pragma", "primary", "references",
        "regexp", "returning", "right", "rollback", "select", "session_user", "set", "some", "symmetric", "table",
        "then", "to", "trailing", "transaction", "true", "union", "unique", "update", "user", "using", "vacuum",
        "values", "variadic", "when", "where", "window", "with",
        // Hidden/system columns: a field with these names would shadow or clash with them.
        "rowid", "_rowid_", "oid", "ctid", "xmin", "xmax", "cmin", "cmax", "tableoid",
    };

    public static bool IsReserved(string name) => Reserved.Contains(name);

    /// <summary>Returns null when valid, otherwise the reason.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "name is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"name is longer than {MaxLength} characters";
        }

        if (!IsStart(name[0]))
        {
            return "name must start with a letter or '_'";
        }

        foreach (var c in name)
        {
            if (!IsStart(c) && c is not (>= '0' and <= '9'))
            {
                return "name may contain only ASCII letters, digits and '_'";
            }
        }
        if (IsReserved(name))
        {
            return $"'{name}' is a reserved word";
        }

        return null;
    }

    private static bool IsStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';
}
