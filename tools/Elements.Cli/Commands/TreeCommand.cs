using System.CommandLine;
using Elements.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements tree [--app DIR]</c>: the Meta → Type → Instance hierarchy (derived Types under their base Type), with
/// the app each element comes from (without <c>--app</c>, the built-in library alone). ASCII guides when not on a
/// terminal, so piped output stays plain.
/// </summary>
internal static class TreeCommand
{
    public static Command Create(AppLoader loader, CliConsole console)
    {
        var app = new AppOptions(required: false);
        var command = new Command("tree", "Draw the Meta → Type → Instance hierarchy.") { app };
        command.SetAction(parse => CliOutput.Guard(console.Error, () =>
        {
            // Without --app the built-in library alone, as `schema` does.
            using var loaded = app.Load(loader, parse, app.OptionalPath(parse) ?? StdElements.LibraryRoot, AppLoader.StandIn);
            var byType = loaded.Elements.Where(d => d.Layer != ElementLayer.Meta).ToLookup(d => d.Type, StringComparer.Ordinal);
            var tree = new Tree(Markup.Escape(loaded.AppId)) { Guide = console.Interactive ? TreeGuide.Line : TreeGuide.Ascii };
            void AddChildren(IHasTreeNodes parent, string fullName, int depth)
            {
                foreach (var child in byType[fullName])
                {
                    var node = parent.AddNode(Markup.Escape($"{child.FullName}  ({child.Layer.ToString().ToLowerInvariant()}, {child.AppId})"));
                    if (depth < 16)
                    {
                        AddChildren(node, child.FullName, depth + 1);
                    }
                }
            }

            foreach (var meta in loaded.Elements.Where(d => d.Layer == ElementLayer.Meta))
            {
                AddChildren(tree.AddNode(Markup.Escape($"{meta.FullName}  (meta, {meta.AppId})")), meta.FullName, 0);
            }

            var output = console.Interactive ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) })
                : CliOutput.Console(console.Out);
            output.Write(tree);
            return 0;
        }));
        return command;
    }
}
