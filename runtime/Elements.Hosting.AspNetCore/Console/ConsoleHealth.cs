using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Diagnostics;
using Elements.Hosting;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// The registry's state for the console's health page: its generation and size, when it was loaded, and the
/// diagnostics of the failing hot reload while the files are broken (the app keeps serving the previous generation;
/// the next successful reload clears it). <see cref="Changed"/> fires on every reload attempt, for the live stream.
/// </summary>
internal sealed class ConsoleHealth : IDisposable
{
    private readonly ElementApp _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private DateTimeOffset _loadedAt;
    private FailedReload? _lastFailed;

    public ConsoleHealth(ElementApp app, TimeProvider time)
    {
        _app = app;
        _time = time;
        _loadedAt = time.GetUtcNow();
        if (app.LastReload is { Succeeded: false } failed)
        {
            _lastFailed = new FailedReload(time.GetUtcNow(), failed.Generation, failed.Diagnostics);
        }

        app.Reloaded += OnReloaded;
    }

    /// <summary>Raised after each reload attempt has been recorded.</summary>
    public event Action? Changed;

    public JsonObject Snapshot()
    {
        DateTimeOffset loadedAt;
        FailedReload? failed;
        lock (_gate)
        {
            (loadedAt, failed) = (_loadedAt, _lastFailed);
        }

        return new JsonObject
        {
            ["generation"] = _app.Generation,
            ["elementCount"] = _app.Elements.Count,
            ["loadedAt"] = Iso(loadedAt),
            // A registry in service loaded without errors: its own list is empty (load errors stop a load).
            ["diagnostics"] = new JsonArray(),
            ["lastFailedReload"] = failed is null ? null : new JsonObject
            {
                ["at"] = Iso(failed.At),
                ["generation"] = failed.Generation,
                ["diagnostics"] = new JsonArray([.. failed.Diagnostics.Select(d => (JsonNode)Describe(d))]),
            },
        };
    }

    public void Dispose() => _app.Reloaded -= OnReloaded;

    internal static JsonObject Describe(ElementDiagnostic diagnostic) => new()
    {
        ["path"] = diagnostic.Path,
        ["line"] = diagnostic.Line,
        ["column"] = diagnostic.Column,
        ["code"] = diagnostic.Code,
        ["severity"] = "error",
        ["message"] = diagnostic.Message,
        ["text"] = diagnostic.ToString(),
    };

    private void OnReloaded(object? sender, ElementsReloadedEventArgs e)
    {
        lock (_gate)
        {
            if (e.Succeeded)
            {
                _loadedAt = _time.GetUtcNow();
                _lastFailed = null;
            }
            else
            {
                _lastFailed = new FailedReload(_time.GetUtcNow(), e.Generation, e.Diagnostics);
            }
        }

        Changed?.Invoke();
    }

    /// <summary>The console's form of an instant: ISO-8601 in UTC.</summary>
    internal static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private sealed record FailedReload(DateTimeOffset At, long Generation, IReadOnlyList<ElementDiagnostic> Diagnostics);
}
