namespace Elements.Data.Schema;

/// <summary>One of a choice field's <c>options</c>: <c>{"label": "Display text", "value": "stored value"}</c>.</summary>
public sealed record ChoiceOption(string Value, string? Label);
