namespace Elements.Data.Aggregation.Tql;

/// <summary>TQL that cannot be read or is outside the supported subset; reported as a schema error of <c>dbTable</c>.</summary>
internal sealed class TqlSyntaxException(string message) : Exception(message);
