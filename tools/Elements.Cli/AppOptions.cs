using System.CommandLine;

namespace Elements.Cli;

/// <summary>
/// The options that name the app a command works on (<c>--app</c>, <c>--lib</c>, <c>--var</c>), declared once and read
/// together, so every command loads its app the same way.
/// </summary>
internal sealed class AppOptions
{
    public Option<string> PathOption { get; } = CliOptions.App();

    public Option<string[]> LibrariesOption { get; } = CliOptions.Libraries();

    public Option<string[]> VariablesOption { get; } = CliOptions.Variables();

    public string Path(ParseResult parse) => parse.GetRequiredValue(PathOption);

    public string[] Libraries(ParseResult parse) => parse.GetValue(LibrariesOption) ?? [];

    public string[] Variables(ParseResult parse) => parse.GetValue(VariablesOption) ?? [];

    /// <param name="fallback">Where placeholders fall back to after <c>--var</c> (the process environment by default).</param>
    public ElementApp Load(AppLoader loader, ParseResult parse, Func<string, string?>? fallback = null) =>
        loader.Load(Path(parse), Libraries(parse), Variables(parse), fallback);

    public void AddTo(Command command)
    {
        command.Options.Add(PathOption);
        command.Options.Add(LibrariesOption);
        command.Options.Add(VariablesOption);
    }
}
