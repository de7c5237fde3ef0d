using System.CommandLine;

namespace Elements.Cli;

/// <summary>The options several commands share.</summary>
internal static class CliOptions
{
    public static Option<string> App(bool required = true) => new("--app") { Description = "The app folder (holding app.json).", Required = required };

    public static Option<string[]> Libraries() => new("--lib")
    {
        Description = "A folder searched for extended apps (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string[]> Variables() => new("--var")
    {
        Description = "NAME=VALUE for a {{NAME}} placeholder, before the process environment (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<bool> Json() => new("--json") { Description = "Write JSON instead of a readable table." };
}
