using System.CommandLine;

namespace Elements.Cli;

/// <summary>
/// The options that name the app a command works on (<c>--app</c>, <c>--lib</c>, <c>--var</c>), declared once and read
/// together, so every command loads its app the same way.
/// </summary>
/// <param name="required">False for commands that also work without an app (then <see cref="Path"/> may be null).</param>
internal sealed class AppOptions(bool required = true)
{
    public Option<string> PathOption { get; } = CliOptions.App(required);

    public Option<string[]> LibrariesOption { get; } = CliOptions.Libraries();

    public Option<string[]> VariablesOption { get; } = CliOptions.Variables();

    public string Path(ParseResult parse) => parse.GetValue(PathOption)
        ?? throw new ElementException(ElementErrorCodes.InvalidArgs, "--app is required");

    /// <summary>The <c>--app</c> value, or null when it was left out (only with <c>required: false</c>).</summary>
    public string? OptionalPath(ParseResult parse) => parse.GetValue(PathOption);

    public string[] Libraries(ParseResult parse) => parse.GetValue(LibrariesOption) ?? [];

    public string[] Variables(ParseResult parse) => parse.GetValue(VariablesOption) ?? [];

    /// <param name="fallback">Where placeholders fall back to after <c>--var</c> (the process environment by default).</param>
    public ElementApp Load(AppLoader loader, ParseResult parse, Func<string, string?>? fallback = null) =>
        Load(loader, parse, Path(parse), fallback);

    /// <summary>Loads <paramref name="appPath"/> with the <c>--lib</c> and <c>--var</c> of the command line.</summary>
    public ElementApp Load(AppLoader loader, ParseResult parse, string appPath, Func<string, string?>? fallback = null) =>
        loader.Load(appPath, Libraries(parse), Variables(parse), fallback);

    public void AddTo(Command command)
    {
        command.Options.Add(PathOption);
        command.Options.Add(LibrariesOption);
        command.Options.Add(VariablesOption);
    }
}
