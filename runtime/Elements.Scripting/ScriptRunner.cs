using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Elements.Scripting;

/// <summary>The outcome of a script: its exit code, or the compile errors that kept it from running.</summary>
public sealed record ScriptResult(int ExitCode, IReadOnlyList<string> CompileErrors);

/// <summary>
/// Runs a C# script (<c>.csx</c>) with Roslyn scripting against a loaded <see cref="ElementApp"/>. The script sees
/// <c>app</c> and <c>args</c>, references the runtime and any assemblies given (e.g. the element library), and imports
/// <see cref="ImplicitUsings"/>.
/// A script that returns an <c>int</c> sets the exit code (otherwise 0); compile errors come back as
/// <c>file(line,col): error CSnnnn: message</c> and nothing runs. An exception thrown by the script propagates.
/// </summary>
public static class ScriptRunner
{
    /// <summary>
    /// What a script may use without a using directive: the implicit usings of a .NET console app
    /// (<c>ImplicitUsings</c> of Microsoft.NET.Sdk), so code moves between a script and a project unchanged, plus the
    /// JSON nodes element functions take and return, and the runtime.
    /// </summary>
    public static IReadOnlyList<string> ImplicitUsings { get; } =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "System.Text.Json.Nodes", "Elements",
    ];

    public static async Task<ScriptResult> RunAsync(string path, ElementApp app, string[] args, IEnumerable<Assembly> references,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var fullPath = Path.GetFullPath(path);
        var code = await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
        var options = ScriptOptions.Default
            .WithFilePath(fullPath)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithSourceResolver(new SourceFileResolver([], Path.GetDirectoryName(fullPath)))
            .AddReferences(typeof(ElementApp).Assembly, typeof(System.Text.Json.Nodes.JsonNode).Assembly, typeof(System.Net.Http.HttpClient).Assembly)
            .AddReferences(references)
            .AddImports(ImplicitUsings);
        var script = CSharpScript.Create(code, options, typeof(ScriptGlobals));
        var errors = script.Compile(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            return new ScriptResult(1, [.. errors.Select(Format)]);
        }

        var state = await script.RunAsync(new ScriptGlobals(app, args), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ScriptResult(state.ReturnValue is int exitCode ? exitCode : 0, []);
    }

    private static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var file = span.Path is { Length: > 0 } p ? Path.GetFileName(p) : "script";
        return $"{file}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {diagnostic.Id}: "
            + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }
}
