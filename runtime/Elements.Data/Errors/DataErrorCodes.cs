using Elements.Data.Storage;

namespace Elements.Data.Errors;

/// <summary>Stable error codes of the data layer; callers (CLI, HTTP) match on these, so they never change.</summary>
public static class DataErrorCodes
{
    public const string Constraint = "DB_CONSTRAINT";
    public const string UnknownField = "DB_UNKNOWN_FIELD";
    public const string BadFilter = "DB_BAD_FILTER";
    public const string BadValue = "DB_BAD_VALUE";
    public const string Schema = "DB_SCHEMA";
    public const string NotFound = "DB_NOT_FOUND";
    public const string Transaction = "DB_TRANSACTION";
    public const string Database = "DB_ERROR";

    /// <summary>A write to an aggregate model (its rows are computed, never stored).</summary>
    public const string ReadOnly = "DB_READ_ONLY";

    /// <summary>A delete refused because other rows still refer to the row (RelateData with <c>onDelete: restrict</c>).</summary>
    public const string Referenced = "DB_REFERENCED";

    /// <summary>A write outside the caller's own rows (see <see cref="OwnerScope"/>). The host's code for "not yours"
    /// (HTTP 403), deliberately not a DB_ code: it is a permission answer, not a data error.</summary>
    public const string Forbidden = ElementErrorCodes.Forbidden;
}
