namespace Elements.Definitions;

/// <summary>One entry of an element's <c>functionList</c>.</summary>
/// <param name="Errors">The business error codes the function declares it may raise (<c>"errors"</c>), beyond those
/// every call may meet (arguments, session, permission); clients read them from the OpenAPI document.</param>
public sealed record FunctionDefinition(
    string Name,
    string? Title,
    IReadOnlyList<FunctionArgument> Args,
    string? ReturnType,
    bool LoginRequired = true,
    IReadOnlyList<string>? Errors = null);
