namespace Elements.Definitions;

/// <summary>How an element is seen by apps that extend the app declaring it.</summary>
public enum AccessModifier
{
    /// <summary>Visible to child apps, which may override it.</summary>
    Public,

    /// <summary>Visible to child apps, which may not override it.</summary>
    Protected,

    /// <summary>Invisible to child apps.</summary>
    Private,
}
