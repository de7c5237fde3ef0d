namespace Elements.Definitions;

/// <summary>One declared argument of an element function.</summary>
/// <param name="Required">The call must name it (<c>"required": 1</c>); JitAi's arguments are optional unless declared so.</param>
/// <param name="Options">The values it may take (<c>"options"</c>: values or <c>{label, value}</c>), or null for any.</param>
public sealed record FunctionArgument(string Name, string? Title, string? DataType, bool Required = false, IReadOnlyList<string>? Options = null);
