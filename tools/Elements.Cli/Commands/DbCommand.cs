using System.CommandLine;
using System.Text.Json.Nodes;
using Elements.Scheduling.Store;
using Elements.Std.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements db sync --app DIR [--json]</c>: syncs the schema of every model the app sees (create missing tables,
/// columns, indexes, unique constraints; never drop) and prints one result per model. Drift (a column whose type
/// changed, an extra column) is shown as a warning and does not fail the run; a model that cannot sync does: exit 1.
/// It also creates the scheduler's (Quartz's) tables in the app's default database, so that a host can start with a
/// database user that may not create tables (docs/scheduling.md).
/// </summary>
internal static class DbCommand
{
    public static Command Create(AppLoader loader, CliConsole console)
    {
        var (stdout, stderr) = (console.Out, console.Error);
        var app = new AppOptions();
        var json = CliOptions.Json();
        var sync = new Command("sync", "Create missing tables, columns and indexes of every model; report drift.") { app, json };
        sync.SetAction((parse, cancellationToken) => CliOutput.GuardAsync(stderr, async () =>
        {
            var results = await console.WithStatusAsync("Loading the app...", whenOutputRedirectedOnly: false, async status =>
            {
                using var loaded = app.Load(loader, parse);
                status($"Syncing {ModelSync.FindModels(loaded).Count} model(s)...");
                var synced = await ModelSync.SyncAllAsync(loaded, cancellationToken);
                status("Creating the scheduler's tables...");
                var store = loaded.Services.GetRequiredService<ISchedulerStoreSource>().GetStore(null);
                await QuartzSchema.EnsureCreatedAsync(store, cancellationToken);
                return synced;
            });
            var failed = results.Count(r => !r.Succeeded);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(stdout, new JsonArray([.. results.Select(ToJson)]));
            }
            else
            {
                WriteText(stdout, results);
            }

            return failed == 0 ? 0 : 1;
        }));
        return new Command("db", "Database tasks of the app's model elements.") { sync };
    }

    private static void WriteText(TextWriter stdout, IReadOnlyList<ModelSyncResult> results)
    {
        var width = results.Count == 0 ? 0 : results.Max(r => r.Model.Length);
        foreach (var r in results)
        {
            var where = $"{r.Database ?? "?"}/{r.Table ?? "?"}";
            if (!r.Succeeded)
            {
                stdout.WriteLine($"{r.Model.PadRight(width)}  {where}  error {r.ErrorCode}: {r.ErrorMessage}");
                continue;
            }

            var result = r.Result!;
            var changes = new List<string>();
            if (result.CreatedTable)
            {
                changes.Add("created table");
            }
            else if (result.AddedColumns.Count > 0)
            {
                changes.Add("added columns " + string.Join(", ", result.AddedColumns));
            }

            if (result.AddedIndexes.Count > 0)
            {
                changes.Add("added indexes " + string.Join(", ", result.AddedIndexes));
            }

            stdout.WriteLine($"{r.Model.PadRight(width)}  {where}  {(changes.Count == 0 ? "up to date" : string.Join("; ", changes))}");
            foreach (var d in r.Diagnostics)
            {
                var field = d.Field is null ? d.Table : $"{d.Table}.{d.Field}";
                var detail = d.Expected is null && d.Actual is null ? "" : $" (expected {d.Expected ?? "-"}, actual {d.Actual ?? "-"})";
                stdout.WriteLine($"  warning {d.Code} {field}: {d.Message}{detail}");
            }
        }

        var failed = results.Count(r => !r.Succeeded);
        var warnings = results.Sum(r => r.Diagnostics.Count);
        stdout.WriteLine($"{results.Count} model(s): {results.Count - failed} synced, {failed} failed, {warnings} warning(s)");
    }

    private static JsonNode ToJson(ModelSyncResult r)
    {
        var node = new JsonObject
        {
            ["model"] = r.Model,
            ["database"] = r.Database,
            ["table"] = r.Table,
            ["succeeded"] = r.Succeeded,
        };
        if (r.Result is { } result)
        {
            node["createdTable"] = result.CreatedTable;
            node["addedColumns"] = new JsonArray([.. result.AddedColumns.Select(c => (JsonNode)c)]);
            node["addedIndexes"] = new JsonArray([.. result.AddedIndexes.Select(c => (JsonNode)c)]);
        }
        else
        {
            node["error"] = new JsonObject { ["code"] = r.ErrorCode, ["message"] = r.ErrorMessage };
        }

        node["diagnostics"] = new JsonArray([.. r.Diagnostics.Select(d => (JsonNode)new JsonObject
        {
            ["code"] = d.Code,
            ["table"] = d.Table,
            ["field"] = d.Field,
            ["message"] = d.Message,
            ["expected"] = d.Expected,
            ["actual"] = d.Actual,
        })]);
        return node;
    }
}
