using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Elements.Cli.Scaffolding;
using Elements.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements schema [--app DIR] [--out DIR]</c>: writes <c>e.schema.json</c> (the keys every e.json may hold) and
/// <c>TYPE.schema.json</c> for each Type with a config class (System.Text.Json's JsonSchemaExporter over the class,
/// plus the e.json keys, so one schema serves both an instance's e.json and its business config). With <c>--app</c>
/// the Types are those the app sees (its own, compiled ones included, and its libraries'), written by default to the
/// app's <c>.elements/schemas</c>, which the <c>$schema</c> of scaffolded files points to. Without it, the built-in
/// library's Types, written by default to <c>.elements/schemas</c> under the current folder.
/// </summary>
internal static class SchemaCommand
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions(required: false);
        var output = new Option<string>("--out")
        {
            Description = "Where to write the schemas (default: APP/.elements/schemas, or ./.elements/schemas without --app).",
        };
        var command = new Command("schema", "Write JSON Schemas for e.json and each Type's config.") { app, output };
        command.SetAction(parse => CliOutput.Guard(stderr, () =>
        {
            var appPath = app.OptionalPath(parse);
            using var loaded = app.Load(loader, parse, appPath ?? StdElements.LibraryRoot, AppLoader.StandIn);
            var folder = Path.GetFullPath(parse.GetValue(output)
                ?? Path.Combine(appPath is null ? Environment.CurrentDirectory : loaded.RootPath, Scaffolder.SchemaFolder));
            Directory.CreateDirectory(folder);
            var written = new List<string>();
            Write(folder, "e.schema.json", ElementSchema(), written);
            foreach (var type in TypesCommand.Instantiable(loaded).Where(t => t.ConfigType is not null))
            {
                Write(folder, $"{type.FullName}.schema.json", TypeSchema(type.FullName, type.Title, type.ConfigType!), written);
            }

            foreach (var file in written)
            {
                stdout.WriteLine(file);
            }

            stdout.WriteLine($"{written.Count} schema(s) in {folder}");
            return 0;
        }));
        return command;
    }

    private static void Write(string folder, string name, JsonObject schema, List<string> written)
    {
        File.WriteAllText(Path.Combine(folder, name), schema.ToJsonString(CliOutput.Json) + "\n");
        written.Add(name);
    }

    /// <summary>The keys with a meaning of their own in every e.json; any other key is type-specific config.</summary>
    private static JsonObject ElementKeys() => new()
    {
        ["$schema"] = new JsonObject { ["type"] = "string" },
        ["title"] = new JsonObject { ["type"] = "string", ["description"] = "Element title" },
        ["type"] = new JsonObject { ["type"] = "string", ["description"] = "Full name of the Type (or Meta) this element is" },
        ["description"] = new JsonObject { ["type"] = "string" },
        ["tag"] = new JsonObject { ["type"] = "string" },
        ["icon"] = new JsonObject { ["type"] = "string" },
        ["backendBundleEntry"] = new JsonObject { ["type"] = "string" },
        ["frontBundleEntry"] = new JsonObject { ["type"] = "string", ["description"] = "The business config file, e.g. ./myLogin.json" },
        ["accessModifier"] = new JsonObject { ["enum"] = new JsonArray("public", "protected", "private") },
        ["functionList"] = new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("name"),
                ["properties"] = new JsonObject
                {
                    ["name"] = new JsonObject { ["type"] = "string" },
                    ["title"] = new JsonObject { ["type"] = "string" },
                    ["args"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["items"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["required"] = new JsonArray("name"),
                            ["properties"] = new JsonObject
                            {
                                ["name"] = new JsonObject { ["type"] = "string" },
                                ["title"] = new JsonObject { ["type"] = "string" },
                                ["dataType"] = new JsonObject { ["type"] = "string" },
                                ["required"] = new JsonObject { ["type"] = new JsonArray("integer", "boolean"), ["description"] = "The call must name it" },
                                ["options"] = new JsonObject { ["type"] = "array", ["description"] = "The values it may take: values or {label, value}" },
                            },
                        },
                    },
                    ["returnType"] = new JsonObject { ["type"] = "string" },
                    ["loginRequired"] = new JsonObject { ["type"] = new JsonArray("integer", "boolean") },
                    ["errors"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["items"] = new JsonObject { ["type"] = "string" },
                        ["description"] = "Business error codes the function may raise (listed in the OpenAPI document)",
                    },
                },
            },
        },
        ["variables"] = new JsonObject { ["type"] = "array" },
    };

    private static JsonObject ElementSchema() => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["title"] = "e.json of an element",
        ["type"] = "object",
        ["required"] = new JsonArray("title", "type"),
        ["properties"] = ElementKeys(),
    };

    private static JsonObject TypeSchema(string typeName, string title, Type configType)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (node is JsonObject obj && context.PropertyInfo?.AttributeProvider is ICustomAttributeProvider provider
                    && provider.IsDefined(typeof(SecretAttribute), inherit: true))
                {
                    obj["description"] = "A secret: write it as a {{VAR}} placeholder, never in clear.";
                }

                return node;
            },
        };
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(Options, configType, exporter) as JsonObject ?? [];
        var properties = schema["properties"]?.DeepClone() as JsonObject ?? [];
        foreach (var (key, value) in ElementKeys())
        {
            if (!properties.ContainsKey(key))
            {
                properties[key] = value?.DeepClone();
            }
        }

        var result = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = $"{typeName} ({title}): e.json and business config of an instance",
        };
        foreach (var (key, value) in schema.Where(p => p.Key != "properties"))
        {
            result[key] = value?.DeepClone();
        }

        result["properties"] = properties;
        return result;
    }
}
