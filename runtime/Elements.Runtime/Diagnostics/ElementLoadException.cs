using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Elements.Diagnostics;

/// <summary>
/// Loading an app failed. Every problem of the scan is in <see cref="Diagnostics"/> (not just the first), and the
/// message is those diagnostics, one per line, so a log shows the whole picture at once; undefined <c>{{VAR}}</c>
/// placeholders (the usual first failure in a fresh shell) add one line saying where to define them.
/// </summary>
public sealed partial class ElementLoadException : ElementException
{
    public const string ErrorCode = ElementErrorCodes.LoadFailed;

    public ElementLoadException(IReadOnlyList<ElementDiagnostic> diagnostics)
        : base(ErrorCode, BuildMessage(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<ElementDiagnostic> Diagnostics { get; }

    public override JsonObject? Details =>
        new() { ["diagnostics"] = new JsonArray([.. Diagnostics.Select(d => (JsonNode)JsonValue.Create(d.ToString()))]) };

    /// <summary>
    /// The type and the message, without the stack trace: this is what .NET prints for an unhandled exception (a
    /// file-based app calling <c>ElementApp.Load</c>), and where the load failed in the runtime says nothing the
    /// diagnostics do not, while it would push them out of sight.
    /// </summary>
    public override string ToString() => $"{GetType().FullName}: {Message}";

    [GeneratedRegex(@"variable '(?<name>[^']+)'")]
    private static partial Regex VariableName();

    private static string BuildMessage(IReadOnlyList<ElementDiagnostic> diagnostics)
    {
        var lines = diagnostics.Select(d => d.ToString()).ToList();
        if (lines.Count == 0)
        {
            lines.Add("loading the app failed");
        }

        var variables = diagnostics.Where(d => d.Code == DiagnosticCodes.MissingVariable)
            .Select(d => VariableName().Match(d.Message))
            .Where(m => m.Success)
            .Select(m => m.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (variables.Count > 0)
        {
            var first = variables[0];
            lines.Add($"hint: define {string.Join(", ", variables)} in the environment (export {first}=...), in app.json's \"envVars\", "
                + $"or for one `elements` command with --var {first}=VALUE");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
