using System.Text.Json.Nodes;

namespace Elements.Diagnostics;

/// <summary>
/// Loading an app failed. Every problem of the scan is in <see cref="Diagnostics"/> (not just the first), and the
/// message lists them one per line so a log shows the whole picture at once.
/// </summary>
public sealed class ElementLoadException : ElementException
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

    private static string BuildMessage(IReadOnlyList<ElementDiagnostic> diagnostics) =>
        $"loading the app failed with {diagnostics.Count} error(s):{Environment.NewLine}"
        + string.Join(Environment.NewLine, diagnostics);
}
