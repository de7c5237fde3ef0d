namespace Elements.Data.Filters;

/// <summary>How the children of a <see cref="QGroup"/> combine.</summary>
public enum QConnector
{
    And,
    Or,
}
