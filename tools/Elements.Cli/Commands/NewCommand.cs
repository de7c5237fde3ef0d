using System.CommandLine;
using System.Text.Json.Nodes;
using Elements.Cli.Scaffolding;
using Elements.Definitions;
using Spectre.Console;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements new FULLNAME --type TYPE --app DIR [--set key=value ...] [--force]</c>: an instance folder rendered from
/// the Type's <c>scaffold/*.sbn</c>. Refuses to overwrite without <c>--force</c>; a secret setting is never taken in
/// clear (the scaffold writes a <c>{{VAR}}</c> placeholder instead); required settings are prompted for on a terminal
/// and listed as an error otherwise. The app is loaded with the new files before success is reported; if it does not
/// load, the files are put back as they were and the diagnostics printed.
/// </summary>
internal static class NewCommand
{
    public static Command Create(AppLoader loader, CliConsole console)
    {
        var fullName = new Argument<string>("fullName") { Description = "Full name of the new instance, e.g. auths.loginTypes.MyWechatLogin." };
        var type = new Option<string>("--type") { Description = "The Type to instantiate (see `elements types`).", Required = true };
        var app = new AppOptions();
        var set = new Option<string[]>("--set")
        {
            Description = "key=value for a config setting (dotted for nested ones, e.g. authConfig.appId=wx123) or title (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var force = new Option<bool>("--force") { Description = "Overwrite files that exist." };
        var command = new Command("new", "Create an instance element from the scaffold its Type ships.")
        {
            fullName, type, app, set, force,
            NewTypeCommand.Create(loader, console),
        };
        command.SetAction(parse => CliOutput.Guard(console.Error, () =>
        {
            return Run(loader, console, parse.GetRequiredValue(fullName), parse.GetRequiredValue(type), app.Path(parse),
                app.Libraries(parse), app.Variables(parse), parse.GetValue(set) ?? [], parse.GetValue(force));
        }));
        return command;
    }

    private static int Run(AppLoader loader, CliConsole console, string fullName, string typeName, string appPath, string[] libraries,
        string[] variables, string[] sets, bool force)
    {
        var segments = fullName.Split('.');
        if (segments.Length < 2 || segments.Any(s => s.Length == 0 || !s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                || s is "commons" or "frontend" or "backend" or "bin" or "obj" or "appData"))
        {
            throw new ElementException(ElementErrorCodes.InvalidArgs,
                $"'{fullName}' is not a full name for a new element: dotted segments of letters, digits and '_', at least two (e.g. auths.loginTypes.MyLogin)");
        }

        string appRoot;
        string appId;
        string scaffoldFolder;
        ElementDefinition type;
        using (var loaded = loader.Load(appPath, libraries, variables, AppLoader.StandIn))
        {
            appRoot = loaded.RootPath;
            appId = loaded.AppId;
            type = loaded.GetElementDefine(typeName);
            if (type.Layer != ElementLayer.Type)
            {
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"'{typeName}' is a {type.Layer.ToString().ToLowerInvariant()}, not a Type; see `elements types`");
            }

            scaffoldFolder = Scaffolder.FindScaffold(loaded, type)?.Folder
                ?? throw new ElementException(ElementErrorCodes.NoScaffold,
                    $"Type '{typeName}' ships no scaffold (no {Scaffolder.ScaffoldFolder}/*.sbn beside its e.json or up its type chain)");
        }

        var name = segments[^1];
        var settings = ConfigSettings.Describe(type.ConfigType);
        var (values, title) = ReadSets(sets, settings, name);
        var placeholders = new List<string>();
        foreach (var setting in settings.Where(s => s.Secret && s.Required && Get(values, s.Path) is null))
        {
            var variable = Scaffolder.PlaceholderVariable(name, setting.Name);
            Put(values, setting.Path, JsonValue.Create("{{" + variable + "}}"));
            placeholders.Add(variable);
        }

        var missing = settings.Where(s => s.Required && IsEmpty(Get(values, s.Path))).ToList();
        if (missing.Count > 0)
        {
            if (!console.Interactive)
            {
                throw new ElementException(ElementErrorCodes.MissingSettings, $"missing required setting(s) of {typeName}: "
                    + string.Join(", ", missing.Select(s => $"{s.Path} ({s.KindName})")) + "; pass "
                    + string.Join(" ", missing.Select(s => $"--set {s.Path}=VALUE")));
            }

            var prompt = Prompting.For(console);
            foreach (var setting in missing)
            {
                var answer = prompt.Prompt(new TextPrompt<string>($"{Markup.Escape(setting.Path)} ({setting.KindName}):"));
                Put(values, setting.Path, ConfigSettings.Convert(setting, answer));
            }
        }

        var folderRelative = string.Join('/', segments);
        var typeHasClass = type.ImplementationType is not null;
        var files = Scaffolder.Render(scaffoldFolder, folderRelative, fullName, typeName, title, values, appId, typeHasClass);
        var existing = files.Select(f => f.RelativePath).Where(p => File.Exists(Path.Combine(appRoot, p))).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new ElementException(ElementErrorCodes.FileExists, $"refusing to overwrite {string.Join(", ", existing)}; pass --force to replace");
        }

        var written = Write(appRoot, files);
        try
        {
            // Prove the result loads (undefined placeholders read as a stand-in value).
            using var check = loader.Load(appPath, libraries, variables, AppLoader.StandIn);
            var created = check.GetElementDefine(fullName);
            // A Type without a class (services.NormalType) is used by elements bringing their own: those load as Types.
            var expected = typeHasClass ? ElementLayer.Instance : ElementLayer.Type;
            if (created.Layer != expected || created.Type != typeName)
            {
                throw new ElementException(ElementErrorCodes.ScaffoldInvalid,
                    $"the scaffold of {typeName} produced a {created.Layer.ToString().ToLowerInvariant()} of type '{created.Type}', not an instance of {typeName}");
            }
        }
        catch
        {
            written.Undo();
            throw;
        }

        console.Out.WriteLine(typeHasClass
            ? $"created {fullName} (instance of {typeName}) in {appRoot}"
            : $"created {fullName} ({typeName} with its own class) in {appRoot}");
        foreach (var file in files)
        {
            console.Out.WriteLine($"  {file.RelativePath}");
        }

        foreach (var variable in placeholders)
        {
            console.Out.WriteLine($"set {variable} in the app's envVars or the environment (the config reads {{{{{variable}}}}})");
        }

        if (Scaffolder.MissingSchemasHint(appRoot, appPath, files) is { } hint)
        {
            console.Out.WriteLine(hint);
        }

        return 0;
    }

    private static (JsonObject Values, string? Title) ReadSets(string[] sets, IReadOnlyList<Setting> settings, string name)
    {
        var values = new JsonObject();
        foreach (var setting in settings)
        {
            Put(values, setting.Path, setting.Default?.DeepClone());
        }

        string? title = null;
        foreach (var item in sets)
        {
            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"--set must read key=value, not '{item}'");
            }

            var (key, text) = (item[..equals], item[(equals + 1)..]);
            if (key == "title")
            {
                title = text;
                continue;
            }

            var setting = settings.FirstOrDefault(s => string.Equals(s.Path, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ElementException(ElementErrorCodes.InvalidArgs, $"--set {key}: no such setting; known: title"
                    + string.Concat(settings.Select(s => ", " + s.Path)));
            if (setting.Secret && !Scaffolder.PlaceholderPattern().IsMatch(text))
            {
                // The value is not echoed: it is a secret.
                throw new ElementException(ElementErrorCodes.SecretInClear,
                    $"'{setting.Path}' is a secret and is never written in clear: leave it out (the scaffold writes "
                    + $"{{{{{Scaffolder.PlaceholderVariable(name, setting.Name)}}}}}) or pass --set {setting.Path}={{{{YOUR_VAR}}}}, "
                    + "then define the variable in the app's envVars or the environment");
            }

            Put(values, setting.Path, ConfigSettings.Convert(setting, text));
        }

        return (values, title);
    }

    private static bool IsEmpty(JsonNode? node) => node is null || (node is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s));

    private static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    private static void Put(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var target = root;
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JsonObject next)
            {
                next = [];
                target[part] = next;
            }

            target = next;
        }

        target[parts[^1]] = value;
    }

    internal static WrittenFiles Write(string appRoot, IReadOnlyList<ScaffoldFile> files)
    {
        var written = new WrittenFiles();
        foreach (var file in files)
        {
            var path = Path.Combine(appRoot, file.RelativePath);
            var folder = Path.GetDirectoryName(path)!;
            var missingFolders = new List<string>();
            for (var f = folder; !Directory.Exists(f); f = Path.GetDirectoryName(f)!)
            {
                missingFolders.Add(f);
            }

            Directory.CreateDirectory(folder);
            written.Folders.AddRange(missingFolders);
            written.Files.Add((path, File.Exists(path) ? File.ReadAllBytes(path) : null));
            File.WriteAllText(path, file.Content.ReplaceLineEndings("\n"));
        }

        return written;
    }

    /// <summary>What a scaffold wrote, to put back when the result does not load.</summary>
    internal sealed class WrittenFiles
    {
        public List<(string Path, byte[]? Previous)> Files { get; } = [];

        public List<string> Folders { get; } = [];

        public void Undo()
        {
            foreach (var (path, previous) in Enumerable.Reverse(Files))
            {
                if (previous is null)
                {
                    File.Delete(path);
                }
                else
                {
                    File.WriteAllBytes(path, previous);
                }
            }

            foreach (var folder in Folders.Where(Directory.Exists))
            {
                if (!Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
        }
    }
}
