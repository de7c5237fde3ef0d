using System.CommandLine;

namespace Elements.Cli;

/// <summary>Lets a command's collection initializer take <see cref="AppOptions"/> like any option: <c>{ app, json }</c>.</summary>
internal static class CommandExtensions
{
    public static void Add(this Command command, AppOptions options) => options.AddTo(command);
}
