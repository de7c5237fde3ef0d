using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Elements.Data.Outbox;
using Elements.Data.Storage;
using Elements.Scheduling;
using Elements.Std.Databases;
using Elements.Std.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elements.Std.Events;

/// <summary>
/// Runs the queued asynchronous events (<see cref="IRecurringWork"/> <c>events.outbox</c>, every
/// <see cref="EventOutboxOptions.Interval"/> and at once after a commit that queued some). For each database holding
/// an outbox (those of models with asynchronous events, and the app's default database for custom events) it claims
/// due rows under a lease, runs each handler and marks the row done; a failure is retried with exponential backoff
/// (1 s doubling up to 5 min) until <see cref="EventOutboxOptions.MaxAttempts"/>, then the row is failed with its error
/// code and message. Delivery is at least once: a node that dies after the handler ran but before marking the row
/// leaves it to run again when the lease expires, hence the payload's <c>eventId</c>.
/// </summary>
public sealed class EventOutboxDispatcher : IRecurringWork
{
    /// <summary>How often the rows that ran longer than <see cref="EventOutboxOptions.DoneRetention"/> ago are deleted.</summary>
    public static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(10);

    private readonly IServiceProvider _services;
    private readonly EventOutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly EventMetrics? _metrics;
    private readonly ConcurrentDictionary<Database, DateTimeOffset> _lastPurge = new();

    public EventOutboxDispatcher(IServiceProvider services, IOptions<EventOutboxOptions> options, ILogger<EventOutboxDispatcher> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _options = options.Value;
        _logger = logger;
        _time = time;
        _metrics = services.GetService<EventMetrics>();
        Node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    public string Name => AsyncEventQueue.WorkName;

    public TimeSpan Interval => _options.Interval;

    /// <summary>This dispatcher's name in the outbox's <c>claimed_by</c>.</summary>
    public string Node { get; }

    /// <summary>Runs every due row once (rows failing now are left for their next attempt); returns how many ran.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var app = _services.GetRequiredService<ElementApp>();
        var catalog = EventCatalog.For(app).Current;
        var ran = 0;
        foreach (var database in Databases(app, catalog))
        {
            var outbox = new EventOutbox(database);
            while (!cancellationToken.IsCancellationRequested)
            {
                IReadOnlyList<OutboxMessage> batch;
                try
                {
                    batch = await outbox.ClaimAsync(Node, _options.Lease, _options.BatchSize, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
                catch (ElementException ex)
                {
                    EventLog.OutboxUnavailable(_logger, database.ToString() ?? database.Provider, ex.Code, ex);
                    break;
                }

                foreach (var message in batch)
                {
                    await RunAsync(outbox, catalog, message, cancellationToken).ConfigureAwait(false);
                    ran++;
                }

                if (batch.Count < _options.BatchSize)
                {
                    break;
                }
            }

            await PurgeIfDueAsync(outbox, cancellationToken).ConfigureAwait(false);
        }

        return ran;
    }

    Task IRecurringWork.RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    // Rows that ran are kept DoneRetention as a record, then deleted, at most once per PurgeEvery per database: the
    // table would otherwise grow with every asynchronous event for the life of the app.
    private async Task PurgeIfDueAsync(EventOutbox outbox, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var key = outbox.Database;
        if (_lastPurge.TryGetValue(key, out var last) && now - last < PurgeEvery)
        {
            return;
        }

        _lastPurge[key] = now;
        try
        {
            await outbox.PurgeDoneAsync(now - _options.DoneRetention, ct).ConfigureAwait(false);
        }
        catch (ElementException ex)
        {
            EventLog.OutboxUnavailable(_logger, key.ToString() ?? key.Provider, ex.Code, ex);
        }
    }

    private async Task RunAsync(EventOutbox outbox, EventCatalog.Snapshot catalog, OutboxMessage message, CancellationToken ct)
    {
        string code;
        string text;
        try
        {
            if (!catalog.ByName.TryGetValue(message.EventName, out var element))
            {
                throw new ElementException(EventErrorCodes.NotFound, $"event '{message.EventName}' does not exist or is disabled");
            }

            var envelope = JsonNode.Parse(message.Payload)!.AsObject();
            var chain = envelope["chain"] is JsonArray names ? names.Select(n => n!.GetValue<string>()).ToList() : [];
            using (EventChain.Restore(chain))
            {
                await element.CallAsync(envelope["payload"]?.DeepClone(), ct).ConfigureAwait(false);
            }

            _metrics?.Record(message.EventName, "async", true);
            if (!await outbox.CompleteAsync(message.Id, Node, CancellationToken.None).ConfigureAwait(false))
            {
                EventLog.LeaseLost(_logger, message.Id, message.EventName);
            }

            return;
        }
        catch (ElementException ex)
        {
            (code, text) = (ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // Not an element error: its message may carry anything, so the row records the exception's type only.
            (code, text) = (EventErrorCodes.HandlerFailed, $"{ex.GetType().Name} in the handler");
        }

        _metrics?.Record(message.EventName, "async", false);
        var final = message.Attempts >= _options.MaxAttempts || code == EventErrorCodes.NotFound;
        var next = _time.GetUtcNow() + Backoff(message.Attempts);
        await outbox.FailAsync(message.Id, Node, next, final, code, text, CancellationToken.None).ConfigureAwait(false);
        if (final)
        {
            EventLog.AsyncRunFailed(_logger, message.Id, message.EventName, message.Attempts, code);
        }
        else
        {
            EventLog.AsyncRunRetried(_logger, message.Id, message.EventName, message.Attempts, code, next);
        }
    }

    /// <summary>1 s after the first failure, doubling, at most <see cref="EventOutboxOptions.MaxBackoff"/>.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromMilliseconds(_options.FirstBackoff.TotalMilliseconds * factor);
        return delay < _options.MaxBackoff ? delay : _options.MaxBackoff;
    }

    /// <summary>The databases whose outbox holds this app's asynchronous event runs (those of the models an
    /// asynchronous event watches, and the default database for asynchronous custom events).</summary>
    public static IReadOnlyList<Database> OutboxDatabases(ElementApp app) => [.. Databases(app, EventCatalog.For(app).Current)];

    private static IEnumerable<Database> Databases(ElementApp app, EventCatalog.Snapshot catalog)
    {
        var seen = new HashSet<Database>(ReferenceEqualityComparer.Instance);
        foreach (var (sender, events) in catalog.ModelEvents)
        {
            if (events.Any(e => e.AsyncType) && app.TryGetElement(sender, out var element) && element is ModelElement model && seen.Add(model.DatabaseElement.Database))
            {
                yield return model.DatabaseElement.Database;
            }
        }

        if (catalog.CustomEvents.Values.Any(list => list.Any(e => e.AsyncType))
            && app.GetElement<DatabaseElement>(ModelElement.ResolveDefaultDatabase(app)).Database is var database && seen.Add(database))
        {
            yield return database;
        }
    }
}
