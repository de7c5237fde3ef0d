using System.Reflection;
using System.Text;
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
        var ns = "App." + string.Concat(appId.Split('.', '-').Where(s => s.Length > 0).Select(s => char.ToUpperInvariant(s[0]) + s[1..]).Select(s => s + "."))
            .TrimEnd('.');
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

        foreach (var function in baseType.Functions)
        {
            var method = char.ToUpperInvariant(function.Name[0]) + function.Name[1..];
            text.AppendLine();
            text.AppendLine($"    /// <summary>{System.Security.SecurityElement.Escape(function.Title ?? function.Name)}</summary>");
            text.AppendLine($"    public Task<JsonNode?> {method}Async({string.Join(", ", function.Args.Select(a => $"JsonNode? {a.Name}"))}) =>");
            text.AppendLine($"        throw new NotImplementedException(\"{fullName}.{function.Name}\");");
        }

        text.AppendLine("}");
        return text.ToString();
    }

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
