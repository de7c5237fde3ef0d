using System.Text.Json;

namespace Elements.Diagnostics;

/// <summary>
/// Collects the problems of one scan so the load fails once with all of them. Paths are reported relative to the
/// loaded app's root with forward slashes, whichever app of the hierarchy the file belongs to.
/// </summary>
internal sealed class DiagnosticBag(string appRoot)
{
    private readonly List<ElementDiagnostic> _items = [];
    private readonly Dictionary<string, JsonPositions?> _positions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool HasErrors
    {
        get
        {
            lock (_gate)
            {
                return _items.Count > 0;
            }
        }
    }

    public IReadOnlyList<ElementDiagnostic> ToList()
    {
        lock (_gate)
        {
            // Sorted so the output is the same however the scan was ordered or parallelised.
            return [.. _items.Distinct().OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)
                .ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)];
        }
    }

    public string Relative(string file) => Path.GetRelativePath(appRoot, file).Replace('\\', '/');

    public void Add(string code, string file, int line, int column, string message)
    {
        lock (_gate)
        {
            _items.Add(new ElementDiagnostic(code, Relative(file), line, column, message));
        }
    }

    public void Add(string code, string file, string message) => Add(code, file, 1, 1, message);

    /// <summary>Reports at the position of a JSON path inside <paramref name="file"/> (re-read only now, on failure).</summary>
    public void AddAt(string code, string file, IReadOnlyList<object> path, string message, bool propertyName = false)
    {
        var (line, column) = Positions(file)?.Find(path, propertyName) ?? (1, 1);
        Add(code, file, line, column, message);
    }

    // One index per file and scan, however many problems the file has.
    private JsonPositions? Positions(string file)
    {
        lock (_gate)
        {
            if (_positions.TryGetValue(file, out var cached))
            {
                return cached;
            }
        }

        var positions = TryRead(file) is { } bytes ? JsonPositions.Build(bytes) : null;
        lock (_gate)
        {
            return _positions.TryAdd(file, positions) ? positions : _positions[file];
        }
    }

    public void AddJsonError(string file, ReadOnlySpan<byte> bytes, JsonException exception)
    {
        var (line, column) = JsonLocator.FromException(bytes, exception);
        Add(DiagnosticCodes.MalformedJson, file, line, column, $"malformed JSON: {JsonLocator.CleanMessage(exception)}");
    }

    private static byte[]? TryRead(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
