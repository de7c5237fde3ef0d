namespace Elements.Hosting.AspNetCore.Console;

/// <summary>Marks the two console endpoints a signed-out browser must reach: the sign-in options and the sandbox link.</summary>
internal sealed class ConsoleAnonymousMetadata
{
    public static ConsoleAnonymousMetadata Instance { get; } = new();
}
