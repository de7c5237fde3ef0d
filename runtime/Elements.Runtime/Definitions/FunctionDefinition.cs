namespace Elements.Definitions;

/// <summary>One entry of an element's <c>functionList</c>.</summary>
public sealed record FunctionDefinition(
    string Name,
    string? Title,
    IReadOnlyList<FunctionArgument> Args,
    string? ReturnType,
    bool LoginRequired = true);
