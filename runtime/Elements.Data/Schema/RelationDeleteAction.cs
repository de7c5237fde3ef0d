namespace Elements.Data.Schema;

/// <summary>What deleting a referenced row does to the rows pointing at it (a RelateData field's <c>onDelete</c>).</summary>
public enum RelationDeleteAction
{
    /// <summary>The delete fails (DB_REFERENCED) while rows point at the row.</summary>
    Restrict,
    /// <summary>The pointing rows are deleted too.</summary>
    Cascade,
    /// <summary>The pointing rows keep living with the field set to null.</summary>
    SetNull,
}
