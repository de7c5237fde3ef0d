namespace Elements.Diagnostics;

/// <summary>
/// The stable diagnostic codes. They are public contract (scripts grep for them), so a code is never reused for a
/// different problem; docs/diagnostics.md describes each one.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>A JSON file (app.json, e.json, business config) is not well-formed.</summary>
    public const string MalformedJson = "EL0001";

    /// <summary>e.json lacks a required property (<c>title</c>, <c>type</c>).</summary>
    public const string MissingProperty = "EL0002";

    /// <summary>A property has the wrong JSON kind or an unsupported value.</summary>
    public const string InvalidProperty = "EL0003";

    /// <summary>The <c>type</c> names no visible element.</summary>
    public const string UnknownType = "EL0004";

    /// <summary>The layers do not fit: a type that is an Instance, or a class implementing a Meta.</summary>
    public const string LayerViolation = "EL0005";

    /// <summary>The type chain loops back on itself.</summary>
    public const string TypeCycle = "EL0006";

    /// <summary>Two folders of one app map to the same full name.</summary>
    public const string DuplicateElement = "EL0007";

    /// <summary>A child app redeclares an element its parent marked <c>protected</c>.</summary>
    public const string ProtectedOverride = "EL0008";

    /// <summary>A <c>{{VAR}}</c> placeholder names a variable found neither in envVars nor in the environment.</summary>
    public const string MissingVariable = "EL0009";

    /// <summary>The effective config does not bind to, or fails validation of, the Type's config class.</summary>
    public const string InvalidConfig = "EL0010";

    /// <summary>A declared function has no method on the implementing class.</summary>
    public const string MissingFunction = "EL0011";

    /// <summary>app.json is missing or invalid, or an extended app cannot be found or extends itself.</summary>
    public const string InvalidApp = "EL0012";

    /// <summary>Two classes claim the same element full name.</summary>
    public const string DuplicateImplementation = "EL0013";

    /// <summary>The business config file named by <c>frontBundleEntry</c> does not exist.</summary>
    public const string MissingConfigFile = "EL0014";

    /// <summary>The C# code of an element folder does not compile (the message starts with the compiler's code, e.g. CS0029).</summary>
    public const string CompileError = "EL0015";

    /// <summary>A config names an element that does not exist, is of another family, or lacks the function it calls.</summary>
    public const string UnknownReference = "EL0016";
}
