using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Elements.Reliability.Tests.Support;
using Elements.Testing.Sqlite;
using Xunit.Abstractions;

namespace Elements.Reliability.Tests;

/// <summary>
/// Issue #17, durability of asynchronous model events: a thousand <c>models.Order.create</c> calls over HTTP, each
/// firing an <c>asyncType</c> AddAfter event, while the host process is killed with SIGKILL twice and started again on
/// the same SQLite file. The event of every committed order, whether its client heard back or not, must run (at least
/// once: the outbox's documented guarantee), and none may end failed or stuck.
/// </summary>
public sealed class EventDurabilityTests(ITestOutputHelper output)
{
    private const int Writes = 1000;
    private const int Clients = 8;
    private static readonly int[] KillAfterAcknowledged = [300, 650];
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_thousand_writes_with_async_events_lose_no_event_when_the_host_is_killed_twice()
    {
        await using var sandbox = await SharedSandbox.StartAsync();
        using var app = NodeAppFolder.Create(postgres: false);
        AddOrderElements(app.Root);
        var environment = new Dictionary<string, string>
        {
            // The restarted host must read the sessions the killed one stored.
            ["Elements__FieldProtection__Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // A killed host's claims expire soon, so the test need not wait the default lease.
            ["Elements__Events__Outbox__Lease"] = "00:00:05",
        };

        var acknowledged = new ConcurrentBag<string>();
        var unanswered = new ConcurrentBag<string>();
        var next = -1;
        string? token = null;
        HostProcess? host = null;
        try
        {
            for (var round = 0; Volatile.Read(ref next) < Writes - 1; round++)
            {
                host = await HostProcess.StartAsync($"round{round}", app, sandbox, environment, Clients);
                if (token is null)
                {
                    await sandbox.AddUserAsync("orders");
                    await MiniProgram.RegisterAsync(sandbox, host.Api, host.Api, "orders");
                    token = await MiniProgram.LoginAsync(sandbox, host.Api, "orders");
                }

                await WriteUntilKilledAsync(host, token, round < KillAfterAcknowledged.Length ? KillAfterAcknowledged[round] : int.MaxValue);
                if (host.HasExited)
                {
                    await host.DisposeAsync();
                    host = null;
                }
            }

            // The host of the last round, never killed, drains what is left.
            Assert.NotNull(host);
            var (orders, audits, outbox) = await WaitForDrainAsync(Path.Combine(app.Root, "appData", "app.db"));
            Report(orders, audits, outbox);
            Assert.True(host.ErrorLines == 0, host.OutputTail);
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        async Task WriteUntilKilledAsync(HostProcess node, string session, int killAt)
        {
            var killed = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, Clients), async (_, _) =>
            {
                while (!node.HasExited && Interlocked.Increment(ref next) is var i && i < Writes)
                {
                    var reference = $"order-{i:D4}";
                    var result = await node.Api.CallAsync("models.Order", "create", new JsonObject { ["rowData"] = new JsonObject { ["ref"] = reference } }, session);
                    if (!result.IsSuccess)
                    {
                        // Cut off by the kill: committed or not, the database says which.
                        Assert.True(result.Status == 0, $"{reference}: {result}");
                        unanswered.Add(reference);
                        return;
                    }

                    acknowledged.Add(reference);
                    if (acknowledged.Count >= killAt && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        await node.KillAsync();
                    }
                }
            });
        }

        void Report(HashSet<string> orders, List<string> audits, Dictionary<string, int> outbox)
        {
            var ran = audits.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var duplicates = ran.Values.Sum(c => c - 1);
            output.WriteLine($"{Writes} writes, {Clients} clients, host killed {KillAfterAcknowledged.Length}x: {acknowledged.Count} acknowledged, " +
                $"{unanswered.Count} cut off ({unanswered.Count(orders.Contains)} of them committed), {orders.Count} orders stored; " +
                $"events run {audits.Count} times for {ran.Count} orders ({duplicates} repeated); outbox: {string.Join(", ", outbox.Select(p => $"{p.Key} {p.Value}"))}");

            Assert.All(acknowledged, reference => Assert.Contains(reference, orders));
            Assert.DoesNotContain(orders, o => !ran.ContainsKey(o));
            Assert.DoesNotContain(ran.Keys, o => !orders.Contains(o));
            Assert.Equal(orders.Count, outbox.GetValueOrDefault("done"));
            Assert.Equal(0, outbox.GetValueOrDefault("pending") + outbox.GetValueOrDefault("failed"));
        }
    }

    private async Task<(HashSet<string> Orders, List<string> Audits, Dictionary<string, int> Outbox)> WaitForDrainAsync(string database)
    {
        var deadline = DateTime.UtcNow + DrainTimeout;
        while (true)
        {
            var orders = (await SqliteFile.QueryAsync(database, "SELECT ref FROM models_Order", r => r.GetString(0))).ToHashSet(StringComparer.Ordinal);
            var audits = await SqliteFile.QueryAsync(database, "SELECT ref FROM models_OrderAudit", r => r.GetString(0));
            var outbox = (await SqliteFile.QueryAsync(database, "SELECT status, COUNT(*) FROM elements_event_outbox GROUP BY status", r => (Status: r.GetString(0), Count: r.GetInt32(1))))
                .ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
            if (outbox.GetValueOrDefault("done") + outbox.GetValueOrDefault("failed") >= orders.Count || DateTime.UtcNow > deadline)
            {
                return (orders, audits, outbox);
            }

            await Task.Delay(500);
        }
    }

    /// <summary>An order model, an audit model, the async AddAfter event and the service that records it, and a role
    /// that lets signed-in users place orders.</summary>
    private static void AddOrderElements(string root)
    {
        Write(root, "models/Order/e.json", """
            {"title": "Order", "type": "models.NormalType", "fields": [{"name": "ref", "title": "Reference", "dataType": "Stext"}]}
            """);
        Write(root, "models/OrderAudit/e.json", """
            {"title": "Order audit", "type": "models.NormalType", "fields": [
              {"name": "ref", "title": "Order reference", "dataType": "Stext"}, {"name": "eventId", "title": "Event", "dataType": "Stext"}]}
            """);
        Write(root, "events/OrderPlaced/e.json", """
            {"title": "Order placed", "type": "events.ModelType", "sender": "models.Order", "operate": "AddAfter",
             "funcType": "Global", "func": "services.OrderAuditSvc.record", "asyncType": true, "enable": 1}
            """);
        Write(root, "services/OrderAuditSvc/e.json", """
            {"title": "Order audit", "type": "services.NormalType", "functionList": [
              {"name": "record", "args": [{"name": "eventOutData", "dataType": "JitDict"}], "returnType": "Integer"}]}
            """);
        Write(root, "services/OrderAuditSvc/OrderAuditSvc.cs", """
            using System.Text.Json.Nodes;
            using System.Threading.Tasks;
            using Elements.Activation;
            using Elements.Std.Models;

            namespace DurabilityApp;

            [ElementType("services.OrderAuditSvc")]
            public sealed class OrderAuditSvc(ElementContext context)
            {
                public async Task<int> Record(JsonObject eventOutData)
                {
                    await context.App.GetElement<ModelElement>("models.OrderAudit").CreateAsync(new JsonObject
                    {
                        ["ref"] = eventOutData["postData"]!["ref"]!.GetValue<string>(),
                        ["eventId"] = eventOutData["eventId"]?.ToString(),
                    });
                    return 1;
                }
            }
            """);
        Write(root, "roles/OrderTakers/e.json", """
            {"title": "Order takers", "type": "roles.NormalType", "appliesTo": "authenticated", "apiPerm": {"models.Order.create": "allow"}}
            """);
    }

    private static void Write(string root, string path, string text)
    {
        var file = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }
}
