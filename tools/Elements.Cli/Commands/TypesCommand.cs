using System.CommandLine;
using System.Text.Json.Nodes;
using Elements.Cli.Scaffolding;
using Elements.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements types [--app DIR] [--json]</c>: the Types an instance can be made of (a Type with a class), each with the
/// settings of its config class (required and secret ones marked, defaults shown) and whether it ships a scaffold.
/// Without <c>--app</c>, the built-in library's Types alone.
/// </summary>
internal static class TypesCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions(required: false);
        var json = CliOptions.Json();
        var command = new Command("types", "List the Types that can be instantiated, with their config settings.") { app, json };
        command.SetAction(parse => CliOutput.Guard(stderr, () =>
        {
            // Without --app the built-in library alone, as `schema` does.
            using var loaded = app.Load(loader, parse, app.OptionalPath(parse) ?? StdElements.LibraryRoot, AppLoader.StandIn);
            var types = Instantiable(loaded);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(stdout, new JsonArray([.. types.Select(t => (JsonNode)new JsonObject
                {
                    ["fullName"] = t.FullName,
                    ["meta"] = t.TypeChain.LastOrDefault(),
                    ["title"] = t.Title,
                    ["appId"] = t.AppId,
                    ["scaffold"] = Scaffolder.FindScaffold(loaded, t) is not null,
                    ["settings"] = new JsonArray([.. ConfigSettings.Describe(t.ConfigType).Select(s => (JsonNode)new JsonObject
                    {
                        ["name"] = s.Path,
                        ["kind"] = s.KindName,
                        ["required"] = s.Required,
                        ["secret"] = s.Secret,
                        ["default"] = s.Default?.DeepClone(),
                    })]),
                })]));
                return 0;
            }

            foreach (var t in types)
            {
                var scaffold = Scaffolder.FindScaffold(loaded, t) is null ? "no scaffold" : "scaffold";
                stdout.WriteLine($"{t.FullName}  ({t.Title}; {t.TypeChain.LastOrDefault()}; {t.AppId}; {scaffold})");
                var settings = ConfigSettings.Describe(t.ConfigType);
                var width = settings.Count == 0 ? 0 : settings.Max(s => s.Path.Length);
                foreach (var s in settings)
                {
                    var marks = string.Join(" ", new[]
                    {
                        s.Required ? "required" : null,
                        s.Secret ? "secret" : null,
                        s.Default is null ? null : "default " + s.Default.ToJsonString(),
                    }.OfType<string>());
                    stdout.WriteLine($"  {s.Path.PadRight(width)}  {s.KindName,-7}  {marks}".TrimEnd());
                }
            }

            stdout.WriteLine($"{types.Count} type(s)");
            return 0;
        }));
        return command;
    }

    /// <summary>Types declared in folders of their own (not inherited children) that have a class to activate.</summary>
    public static IReadOnlyList<ElementDefinition> Instantiable(ElementApp app) =>
        [.. app.Elements.Where(d => d.Layer == ElementLayer.Type && d.InheritedFrom is null && d.ImplementationType is not null)];
}
