using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Elements.Cli.Commands;

/// <summary><c>elements list --app DIR [--json] [--lib DIR]...</c></summary>
internal static class ListCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions();
        var json = CliOptions.Json();
        var command = new Command("list", "List every element the app sees, ordered by full name.") { app, json };
        command.SetAction(parse => CliOutput.Guard(stderr, () =>
        {
            using var loaded = app.Load(loader, parse);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(stdout, new JsonArray([.. loaded.Elements.Select(d => (JsonNode)new JsonObject
                {
                    ["fullName"] = d.FullName,
                    ["layer"] = d.Layer.ToString().ToLowerInvariant(),
                    ["type"] = d.Type,
                    ["title"] = d.Title,
                    ["appId"] = d.AppId,
                    ["path"] = CliOutput.RelativePath(loaded, d),
                })]));
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("Full name", "Layer", "Type", "Title", "App");
            foreach (var d in loaded.Elements)
            {
                table.AddRow(new Text(d.FullName), new Text(d.Layer.ToString().ToLowerInvariant()), new Text(d.Type),
                    new Text(d.Title), new Text(d.AppId));
            }

            CliOutput.Console(stdout).Write(table);
            stdout.WriteLine($"{loaded.Elements.Count} element(s) in {loaded.AppId}");
            return 0;
        }));
        return command;
    }
}
