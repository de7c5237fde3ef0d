using System.CommandLine;
using System.Text.Json.Nodes;
using Elements.Definitions;

namespace Elements.Cli.Commands;

/// <summary><c>elements show FULLNAME --app DIR [--json]</c>: one element with its merged config, secrets redacted, and
/// its functions (with <c>--json</c>: each one's args, return type and whether it needs a login).</summary>
internal static class ShowCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var fullName = new Argument<string>("fullName") { Description = "The element's full name." };
        var app = new AppOptions();
        var json = CliOptions.Json();
        var command = new Command("show", "Show one element: layer, type chain, merged config (secrets redacted), functions, children.")
        {
            fullName, app, json,
        };
        command.SetAction(parse => CliOutput.Guard(stderr, () =>
        {
            using var loaded = app.Load(loader, parse);
            var d = loaded.GetElementDefine(parse.GetRequiredValue(fullName));
            var view = new JsonObject
            {
                ["fullName"] = d.FullName,
                ["layer"] = d.Layer.ToString().ToLowerInvariant(),
                ["type"] = d.Type,
                ["typeChain"] = new JsonArray([.. d.TypeChain.Select(t => (JsonNode)t)]),
                ["appId"] = d.AppId,
                ["path"] = CliOutput.RelativePath(loaded, d),
                ["config"] = d.GetRedactedConfig(),
                ["functions"] = new JsonArray([.. d.Functions.Select(Describe)]),
                ["children"] = new JsonArray([.. d.Children.Select(c => (JsonNode)c)]),
            };
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(stdout, view);
                return 0;
            }

            stdout.WriteLine($"{d.FullName}  ({view["layer"]}) {d.Title}");
            stdout.WriteLine($"  type chain: {(d.TypeChain.Count == 0 ? "(none)" : string.Join(" -> ", d.TypeChain))}");
            stdout.WriteLine($"  app:        {d.AppId}  {view["path"]}");
            stdout.WriteLine($"  functions:  {(d.Functions.Count == 0 ? "(none)" : string.Join(", ", d.Functions.Select(f => f.Name)))}");
            stdout.WriteLine($"  children:   {(d.Children.Count == 0 ? "(none)" : string.Join(", ", d.Children))}");
            stdout.WriteLine("  config:");
            foreach (var line in view["config"]!.ToJsonString(CliOutput.Json).Split('\n'))
            {
                stdout.WriteLine("    " + line.TrimEnd('\r'));
            }

            return 0;
        }));
        return command;
    }

    /// <summary>A function as a caller needs it: what to pass, what comes back and whether a login is needed.</summary>
    private static JsonNode Describe(FunctionDefinition function) => new JsonObject
    {
        ["name"] = function.Name,
        ["title"] = function.Title,
        ["args"] = new JsonArray([.. function.Args.Select(a => (JsonNode)new JsonObject
        {
            ["name"] = a.Name,
            ["title"] = a.Title,
            ["dataType"] = a.DataType,
        })]),
        ["returnType"] = function.ReturnType,
        ["loginRequired"] = function.LoginRequired,
    };
}
