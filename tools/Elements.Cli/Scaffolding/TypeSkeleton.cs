using System.Text;
using System.Text.Json.Nodes;
using Elements.Definitions;

namespace Elements.Cli.Scaffolding;

/// <summary>
/// The C# class skeleton of a derived Type (<c>elements new type</c>). When the base Type's class can be inherited it
/// derives from it, forwarding the base constructor (the functions come with it); otherwise it stands alone with the
/// base config class and one stub per inherited function, throwing until written. The class is compiled at load
/// (<see cref="Scripting.ElementCompiler"/>), which is what makes the folder a Type rather than an Instance.
/// </summary>
internal static class TypeSkeleton
{
    public static string Render(string fullName, ElementDefinition baseType, string appId)
    {
        var name = fullName[(fullName.LastIndexOf('.') + 1)..];
        var ns = Namespace(appId);
        var implementation = baseType.ImplementationType;
        var config = baseType.ConfigType is null ? "" : $", ConfigType = typeof({TypeName(baseType.ConfigType)})";
        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("using System.Text.Json.Nodes;");
        text.AppendLine("using System.Threading.Tasks;");
        text.AppendLine("using Elements.Activation;");
        text.AppendLine();
        text.AppendLine($"namespace {ns};");
        text.AppendLine();
        text.AppendLine($"/// <summary><c>{fullName}</c>: derived from <c>{baseType.FullName}</c>.</summary>");
        text.AppendLine($"[ElementType(\"{fullName}\"{config})]");
        var constructor = implementation?.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (implementation is { IsSealed: false } && constructor is not null)
        {
            var parameters = constructor.GetParameters();
            text.AppendLine($"public class {name}({string.Join(", ", parameters.Select(p => $"{TypeName(p.ParameterType)} {p.Name}"))})");
            text.AppendLine($"    : {TypeName(implementation)}({string.Join(", ", parameters.Select(p => p.Name))})");
            text.AppendLine("{");
            text.AppendLine("    // Override or add functions here; declare new ones in e.json's functionList.");
            text.AppendLine("}");
            return text.ToString();
        }

        var configParameter = baseType.ConfigType is null ? "" : $", {TypeName(baseType.ConfigType)} config";
        text.AppendLine($"public class {name}(ElementContext context{configParameter})");
        text.AppendLine("{");
        text.AppendLine("    public ElementContext Context { get; } = context;");
        if (baseType.ConfigType is not null)
        {
            text.AppendLine();
            text.AppendLine($"    public {TypeName(baseType.ConfigType)} Config {{ get; }} = config;");
        }

        if (WritesSampleFunction(baseType))
        {
            text.AppendLine();
            text.AppendLine("    /// <summary>A sample function, declared in e.json's functionList: replace it with your own.</summary>");
            text.AppendLine("    public string Hello(string name) => $\"Hello, {name}!\";");
        }

        foreach (var function in baseType.Functions)
        {
            var method = char.ToUpperInvariant(function.Name[0]) + function.Name[1..];
            text.AppendLine();
            text.AppendLine($"    /// <summary>{System.Security.SecurityElement.Escape(function.Title ?? function.Name)}</summary>");
            text.AppendLine($"    public Task<JsonNode?> {method}Async({string.Join(", ", function.Args.Select(a => $"JsonNode? {a.Name}"))}) =>");
            // The caller sees this message (EL_FUNCTION_FAILED): say what to do, not only which stub it hit.
            text.AppendLine($"        throw new NotImplementedException(\"{fullName}.{function.Name} is not implemented yet: write {method}Async in {name}.cs " +
                $"({baseType.FullName}'s class is sealed, so a derived Type does not inherit its code).\");");
        }

        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>
    /// Whether the skeleton brings a sample <c>hello(name)</c>: a base with neither a class nor functions (<c>services.NormalType</c>)
    /// would otherwise give a Type with nothing to call, and the first thing one does with a new service is call it.
    /// </summary>
    public static bool WritesSampleFunction(ElementDefinition baseType) => baseType.ImplementationType is null && baseType.Functions.Count == 0;

    /// <summary>The functionList entry of the sample function, for the new Type's e.json.</summary>
    public static JsonObject SampleFunction() => new()
    {
        ["name"] = "hello",
        ["title"] = "Say hello",
        ["args"] = new JsonArray(new JsonObject { ["name"] = "name", ["title"] = "Name", ["dataType"] = "Stext" }),
        ["returnType"] = "Stext",
        ["loginRequired"] = 0,
    };

    /// <summary>The namespace of an app's generated classes: <c>App.Demo.SampleApp</c> for <c>demo.SampleApp</c>.</summary>
    public static string Namespace(string appId) => "App." + Pascal(appId);

    /// <summary>A dotted (or dashed) name as a dotted C# name: <c>services.my-shop</c> → <c>Services.My.Shop</c>.</summary>
    public static string Pascal(string dotted) =>
        string.Join('.', dotted.Split('.', '-').Where(s => s.Length > 0).Select(s => char.ToUpperInvariant(s[0]) + s[1..]));

    private static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return TypeName(inner) + "?";
        }

        if (!type.IsGenericType)
        {
            return "global::" + (type.FullName ?? type.Name).Replace('+', '.');
        }

        var definition = type.GetGenericTypeDefinition().FullName!;
        return "global::" + definition[..definition.IndexOf('`')].Replace('+', '.') + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }
}
