namespace Elements.Definitions;

/// <summary>One declared argument of an element function.</summary>
public sealed record FunctionArgument(string Name, string? Title, string? DataType);
