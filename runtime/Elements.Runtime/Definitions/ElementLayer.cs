namespace Elements.Definitions;

/// <summary>The three layers of the element hierarchy: a Meta names a family, a Type implements it, an Instance configures a Type.</summary>
public enum ElementLayer
{
    Meta,
    Type,
    Instance,
}
