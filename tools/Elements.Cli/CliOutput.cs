using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Diagnostics;
using Spectre.Console;

namespace Elements.Cli;

/// <summary>How the CLI writes: indented camelCase JSON (non-ASCII kept readable), plain tables, and error objects.</summary>
internal static class CliOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson(TextWriter writer, JsonNode? node) => writer.WriteLine(node?.ToJsonString(Json) ?? "null");

    /// <summary>Writes <c>{"error": {"code", "message", ...details}}</c>; returns the exit code 1.</summary>
    public static int WriteError(TextWriter stderr, Exception exception)
    {
        var error = new JsonObject();
        if (exception is ElementException elementException)
        {
            error["code"] = elementException.Code;
            error["message"] = elementException.Message;
            if (elementException.Details is { } details)
            {
                foreach (var (key, value) in details)
                {
                    error[key] = value?.DeepClone();
                }
            }
        }
        else
        {
            error["code"] = ElementErrorCodes.Internal;
            error["message"] = exception.Message;
        }

        WriteJson(stderr, new JsonObject { ["error"] = error });
        return 1;
    }

    /// <summary>
    /// Runs a command's body and turns its failures into the CLI's output: a load failure prints its diagnostics
    /// (to <paramref name="diagnostics"/>, by default <paramref name="stderr"/>), anything else an error object.
    /// Cancellation is left to System.CommandLine. Returns the exit code.
    /// </summary>
    public static int Guard(TextWriter stderr, Func<int> body, TextWriter? diagnostics = null)
    {
        try
        {
            return body();
        }
        catch (ElementLoadException ex)
        {
            return WriteDiagnostics(diagnostics ?? stderr, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return WriteError(stderr, ex);
        }
    }

    /// <inheritdoc cref="Guard"/>
    public static async Task<int> GuardAsync(TextWriter stderr, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ElementLoadException ex)
        {
            return WriteDiagnostics(stderr, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return WriteError(stderr, ex);
        }
    }

    public static int WriteDiagnostics(TextWriter writer, ElementLoadException exception)
    {
        foreach (var diagnostic in exception.Diagnostics)
        {
            writer.WriteLine(diagnostic.ToString());
        }

        writer.WriteLine($"{exception.Diagnostics.Count} error(s)");
        return 1;
    }

    public static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });

        // Output goes to files and pipes as often as to terminals; a fixed width keeps it stable and unwrapped.
        console.Profile.Width = 240;
        return console;
    }

    /// <summary>An element folder relative to the root of the app declaring it, with forward slashes.</summary>
    public static string RelativePath(ElementApp app, Definitions.ElementDefinition definition)
    {
        var root = app.AppRoots.GetValueOrDefault(definition.AppId);
        return root is null ? definition.Path : Path.GetRelativePath(root, definition.Path).Replace('\\', '/');
    }
}
