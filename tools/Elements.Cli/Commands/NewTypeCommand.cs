using System.CommandLine;
using System.Text.Json.Nodes;
using Elements.Cli.Scaffolding;
using Elements.Definitions;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements new type FULLNAME --extends TYPE --app DIR [--force]</c>: a derived Type folder with an e.json and a
/// C# class skeleton (compiled at load). The app is loaded afterwards to prove the new Type compiles and is a Type;
/// otherwise the files are removed and the errors printed.
/// </summary>
internal static class NewTypeCommand
{
    public static Command Create(AppLoader loader, CliConsole console)
    {
        var fullName = new Argument<string>("fullName") { Description = "Full name of the new Type, e.g. auths.loginTypes.ShopLoginType." };
        var extends = new Option<string>("--extends") { Description = "The Type to derive from.", Required = true };
        var app = new AppOptions();
        var force = new Option<bool>("--force") { Description = "Overwrite files that exist." };
        var command = new Command("type", "Create a derived Type (e.json + C# class skeleton).") { fullName, extends, app, force };
        command.SetAction(parse => CliOutput.Guard(console.Error, () =>
        {
            var name = parse.GetRequiredValue(fullName);
            var baseName = parse.GetRequiredValue(extends);
            var appPath = app.Path(parse);
            var libs = app.Libraries(parse);
            var vars = app.Variables(parse);
            string root;
            string appId;
            ElementDefinition baseType;
            using (var loaded = loader.Load(appPath, libs, vars, AppLoader.StandIn))
            {
                root = loaded.RootPath;
                appId = loaded.AppId;
                baseType = loaded.GetElementDefine(baseName);
                if (baseType.Layer != ElementLayer.Type)
                {
                    throw new ElementException(ElementErrorCodes.InvalidArgs, $"'{baseName}' is a {baseType.Layer.ToString().ToLowerInvariant()}, not a Type; see `elements types`");
                }
            }

            var segments = name.Split('.');
            if (segments.Length < 2 || segments.Any(s => s.Length == 0 || !s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(s[0])))
            {
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"'{name}' is not a full name for a new Type (dotted identifiers, at least two)");
            }

            var folder = string.Join('/', segments);
            var depth = string.Concat(Enumerable.Repeat("../", segments.Length));
            var eJson = new JsonObject
            {
                ["$schema"] = $"{depth}{Scaffolder.SchemaFolder}/e.schema.json",
                ["title"] = segments[^1],
                ["type"] = baseName,
            };
            if (TypeSkeleton.WritesSampleFunction(baseType))
            {
                eJson["functionList"] = new JsonArray(TypeSkeleton.SampleFunction());
            }

            var files = new List<ScaffoldFile>
            {
                new($"{folder}/e.json", eJson.ToJsonString(CliOutput.Json) + "\n"),
                new($"{folder}/{segments[^1]}.cs", TypeSkeleton.Render(name, baseType, appId)),
            };
            var existing = files.Select(f => f.RelativePath).Where(p => File.Exists(Path.Combine(root, p))).ToList();
            if (existing.Count > 0 && !parse.GetValue(force))
            {
                throw new ElementException(ElementErrorCodes.FileExists, $"refusing to overwrite {string.Join(", ", existing)}; pass --force to replace");
            }

            var written = NewCommand.Write(root, files);
            try
            {
                using var check = loader.Load(appPath, libs, vars, AppLoader.StandIn);
                if (check.GetElementDefine(name).Layer != ElementLayer.Type)
                {
                    throw new ElementException(ElementErrorCodes.ScaffoldInvalid, $"'{name}' did not load as a Type");
                }
            }
            catch
            {
                written.Undo();
                throw;
            }

            console.Out.WriteLine($"created {name} (Type derived from {baseName}) in {root}");
            foreach (var file in files)
            {
                console.Out.WriteLine($"  {file.RelativePath}");
            }

            if (Scaffolder.MissingSchemasHint(root, appPath, files) is { } hint)
            {
                console.Out.WriteLine(hint);
            }

            return 0;
        }));
        return command;
    }
}
