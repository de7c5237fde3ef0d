using System.Text.Json.Nodes;
using Dapper;
using Elements.Data.Outbox;
using Elements.Scheduling;
using Elements.Std.Events;
using Elements.Std.Models;
using Elements.Std.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Elements.Std.Tests.Events;

/// <summary>
/// Model events and custom events on a real database: handlers are a service with a Roslyn-compiled class (Global) and
/// events with their own compiled classes (Inner); every handler writes a row into <c>models.Audit</c>, which the tests read.
/// </summary>
public abstract class EventTests(IAppDatabase database) : AppTestBase(database)
{
    private const string AuditorCode = """
        using System.Threading.Tasks;
        using System.Text.Json.Nodes;
        using Elements;
        using Elements.Activation;
        using Elements.Std.Models;
        namespace EventTestApp;
        [ElementType("services.Auditor")]
        public sealed class Auditor(ElementContext context)
        {
            public async Task<int> Record(JsonObject eventOutData)
            {
                var row = (eventOutData["postData"] ?? eventOutData["prevData"]) as JsonObject;
                await context.App.GetElement<ModelElement>("models.Audit").CreateAsync(new JsonObject {
                    ["event"] = eventOutData["optType"]?.GetValue<string>(), ["code"] = row?["code"]?.GetValue<string>(),
                    ["note"] = eventOutData["eventId"]?.GetValue<string>() ?? "" });
                return 1;
            }
            public Task<int> Fail(JsonObject eventOutData) => throw new ElementException("AUDIT_DOWN", "the audit service is down");
            public async Task<int> Custom(JsonObject payload)
            {
                await context.App.GetElement<ModelElement>("models.Audit").CreateAsync(new JsonObject { ["event"] = "custom", ["code"] = payload["code"]?.GetValue<string>() });
                return 1;
            }
        }
        """;

    private const string AuditorJson = """
        {"title": "Auditor", "type": "services.Meta", "functionList": [
          {"name": "record", "args": [{"name": "eventOutData", "dataType": "JitDict"}], "returnType": "Integer"},
          {"name": "fail", "args": [{"name": "eventOutData", "dataType": "JitDict"}], "returnType": "Integer"},
          {"name": "custom", "args": [{"name": "payload", "dataType": "JitDict"}], "returnType": "Integer"}]}
        """;

    protected override ElementApp Load(AppFolder folder) => ElementApp.Load(folder.Path, b => b.AddStdElements().AddCompiledElementCode());

    protected override Task BeforeLoadAsync(AppFolder folder)
    {
        folder.WriteElement("models.Audit", """
            {"title": "Audit", "type": "models.NormalType", "fields": [
              {"name": "event", "dataType": "Stext"}, {"name": "code", "dataType": "Stext"}, {"name": "note", "dataType": "Stext"}]}
            """);
        folder.WriteElement("services.Auditor", AuditorJson);
        File.WriteAllText(Path.Combine(folder.Path, "services", "Auditor", "Auditor.cs"), AuditorCode);
        Event(folder, "TodoAdded", """{"sender": "models.Todo", "operate": "AddAfter", "func": "services.Auditor.record"}""");
        Event(folder, "TodoDeleted", """{"sender": "models.Todo", "operate": "DeleteAfter", "funcType": "Global", "func": "services.Auditor.record"}""");
        Event(folder, "TodoAnyWrite", """{"sender": "models.Todo", "operate": "FieldUpdateAfter", "func": "services.Auditor.record", "asyncType": true, "filter": "Q(priority=9)"}""");
        Event(folder, "TodoAfterFails", """{"sender": "models.Todo", "operate": "UpdateAfter", "func": "services.Auditor.fail"}""");
        Event(folder, "TodoOff", """{"sender": "models.Todo", "operate": "AddAfter", "func": "services.Auditor.record", "enable": 0}""");
        // Inner: its own class; refuses titles "forbidden" before they are written.
        Event(folder, "TodoGuard", """{"sender": "models.Todo", "operate": "AddBefore", "funcType": "Inner"}""", """
            [ElementType("events.TodoGuard", ConfigType = typeof(ModelEventConfig))]
            public sealed class TodoGuard(ElementContext c, ModelEventConfig cfg) : ModelEventElement(c, cfg)
            {
                public void CustomFunc(JsonObject eventOutData)
                {
                    if (eventOutData["postData"]?["title"]?.GetValue<string>() == "forbidden")
                        throw new ElementException("TODO_REFUSED", "this title is not allowed");
                }
            }
            """);
        // Inner, async Task, only when 'done' changed on a priority-5 row.
        Event(folder, "TodoDone", """{"sender": "models.Todo", "operate": "UpdateAfter", "funcType": "Inner", "fields": ["done"], "filter": "Q(priority=5)"}""", """
            [ElementType("events.TodoDone", ConfigType = typeof(ModelEventConfig))]
            public sealed class TodoDone(ElementContext c, ModelEventConfig cfg) : ModelEventElement(c, cfg)
            {
                public async Task CustomFunc(JsonObject e) => await Context.App.GetElement<ModelElement>("models.Audit").CreateAsync(
                    new JsonObject { ["event"] = "done", ["code"] = e["postData"]!["code"]!.GetValue<string>(), ["note"] = e["prevData"]!["done"]!.ToJsonString() });
            }
            """);
        // A Before handler that writes the model that fires it: a cycle.
        folder.WriteElement("models.Loop", """{"title": "Loop", "type": "models.NormalType", "fields": [{"name": "n", "dataType": "Integer"}]}""");
        Event(folder, "LoopTypo", """{"sender": "models.Loop", "operate": "UpdateAfter", "func": "services.Auditor.record", "fields": ["n", "dne"]}""");
        Event(folder, "LoopAgain", """{"sender": "models.Loop", "operate": "AddBefore", "funcType": "Inner"}""", """
            [ElementType("events.LoopAgain", ConfigType = typeof(ModelEventConfig))]
            public sealed class LoopAgain(ElementContext c, ModelEventConfig cfg) : ModelEventElement(c, cfg)
            {
                public async Task CustomFunc(JsonObject e) => await Context.App.GetElement<ModelElement>("models.Loop").CreateAsync(new JsonObject { ["n"] = 1 });
            }
            """);
        // Custom events: one sync, one async subscriber of services.Shop.OrderPaid.
        Event(folder, "OrderPaidSync", """{"type": "events.NormalType", "sender": "services.Shop.OrderPaid", "func": "services.Auditor.custom", "enable": 1}""");
        Event(folder, "OrderPaidAsync", """{"type": "events.NormalType", "sender": "services.Shop.OrderPaid", "func": "services.Auditor.custom", "asyncType": true, "enable": 1}""");
        Event(folder, "OrderPaidOff", """{"type": "events.NormalType", "sender": "services.Shop.OrderPaid", "func": "services.Auditor.custom"}""");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AddAfter_runs_a_global_handler_after_the_commit_and_a_disabled_event_does_not_run()
    {
        await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "a", "code": "A1"}}""");

        Assert.Equal(["AddAfter A1"], await AuditAsync());
    }

    [Fact]
    public async Task An_AddBefore_handler_refuses_the_write_and_its_error_reaches_the_caller()
    {
        var error = await Assert.ThrowsAsync<ElementException>(() => InvokeAsync("models.Todo", "create", """{"rowData": {"title": "forbidden", "code": "F1"}}"""));

        Assert.Equal("TODO_REFUSED", error.Code);
        Assert.Equal(0, await RawCountAsync("models_Todo"));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task UpdateAfter_fires_per_row_only_when_a_watched_field_changed_on_rows_matching_the_filter_and_a_failing_handler_changes_nothing()
    {
        await InvokeAsync("models.Todo", "createOrUpdateMany", """{"rowDataList": [{"title": "a", "code": "P5", "priority": 5}, {"title": "b", "code": "P1", "priority": 1}, {"title": "c", "code": "Q5", "priority": 5}]}""");
        await ClearAuditAsync();

        // Bulk: both priority-5 rows change 'done' (one event each); the priority-1 row fails the filter.
        var count = await InvokeAsync("models.Todo", "updateByFilter", """{"filter": "Q(title__in=['a', 'b', 'c'])", "updateData": {"done": true}}""");
        // Same value again: 'done' does not change, nothing fires.
        await InvokeAsync("models.Todo", "updateByFilter", """{"filter": "Q(code='P5')", "updateData": {"done": true, "title": "a2"}}""");

        Assert.Equal(3, count!.GetValue<int>());
        Assert.Equal(["done P5", "done Q5"], await AuditAsync());
        // services.Auditor.fail ran (UpdateAfter) and failed each time: logged, the updates stand.
        Assert.Equal("a2", (await InvokeAsync("models.Todo", "get", """{"filter": "Q(code='P5')"}"""))!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deletes_fire_per_row_with_prevData_and_triggerEvent_0_suppresses_events()
    {
        await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "quiet", "code": "S1"}, "triggerEvent": 0}""");
        await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "a", "code": "D1"}}""");
        await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "a", "code": "D2"}}""");
        await ClearAuditAsync();

        await InvokeAsync("models.Todo", "deleteByFilter", """{"filter": "Q(title='a')"}""");
        var id = (await InvokeAsync("models.Todo", "get", """{"filter": "Q(code='S1')"}"""))!["id"]!.GetValue<long>();
        await InvokeAsync("models.Todo", "deleteByPK", $$"""{"pkList": [{{id}}], "triggerEvent": 0}""");

        Assert.Equal(["DeleteAfter D1", "DeleteAfter D2"], await AuditAsync());
        Assert.Equal(0, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task Sync_After_handlers_inside_an_outer_transaction_run_after_its_commit_and_not_at_all_on_rollback()
    {
        await using (var tx = await DefaultDatabase.BeginTransactionAsync())
        {
            await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "a", "code": "R1"}}""");
            await tx.RollbackAsync();
        }

        Assert.Empty(await AuditAsync());
        await using (var tx = await DefaultDatabase.BeginTransactionAsync())
        {
            await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "a", "code": "T1"}}""");
            Assert.Empty(await AuditAsync());
            await tx.CommitAsync();
        }

        Assert.Equal(["AddAfter T1"], await AuditAsync());
    }

    [Fact]
    public async Task An_async_event_is_stored_with_the_write_and_the_dispatcher_runs_it_once()
    {
        await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "x", "code": "Z9", "priority": 9}}""");
        await ClearAuditAsync();
        Assert.Equal(1, await OutboxCountAsync(EventOutbox.Pending));

        var dispatcher = Dispatcher(new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(1, await dispatcher.RunOnceAsync(default));
        Assert.Equal(0, await dispatcher.RunOnceAsync(default));

        var audit = Assert.Single(await AuditRowsAsync());
        Assert.Equal(("AddAfter", "Z9"), (audit.Event, audit.Code));
        Assert.Equal(32, audit.Note.Length);
        Assert.Equal(1, await OutboxCountAsync(EventOutbox.Done));
    }

    [Fact]
    public async Task A_failing_async_handler_is_retried_with_backoff_then_failed()
    {
        var outbox = new EventOutbox(DefaultDatabase.Database);
        await outbox.EnsureTableAsync();
        await outbox.EnqueueAsync("events.TodoAfterFails", """{"payload": {"model": "models.Todo"}, "chain": []}""", DateTimeOffset.UtcNow);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var dispatcher = Dispatcher(time);

        var delays = new List<double>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            Assert.Equal(1, await dispatcher.RunOnceAsync(default));
            Assert.Equal(0, await dispatcher.RunOnceAsync(default));   // not due before its backoff
            var next = await ScalarAsync<long>($"SELECT next_attempt_at FROM {EventOutbox.TableName}");
            delays.Add(next - time.GetUtcNow().ToUnixTimeMilliseconds());
            time.Advance(dispatcher.Backoff(attempt));
        }

        Assert.Equal([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000], delays.Take(9));
        Assert.Equal(EventOutbox.Failed, await ScalarAsync<string>($"SELECT status FROM {EventOutbox.TableName}"));
        Assert.Equal("AUDIT_DOWN", await ScalarAsync<string>($"SELECT last_error_code FROM {EventOutbox.TableName}"));
        Assert.Equal(10, await ScalarAsync<int>($"SELECT attempts FROM {EventOutbox.TableName}"));
        Assert.Equal(0, await dispatcher.RunOnceAsync(default));

        // What an operator reads (the console's events page): newest first, state and last error, no payload.
        await outbox.EnqueueAsync("events.TodoAnyWrite", """{"payload": {}, "chain": []}""", time.GetUtcNow());
        var recent = await outbox.RecentAsync(10);
        Assert.Equal(["events.TodoAnyWrite", "events.TodoAfterFails"], recent.Select(r => r.EventName));
        Assert.Equal((EventOutbox.Pending, 0, (string?)null), (recent[0].Status, recent[0].Attempts, recent[0].ErrorCode));
        Assert.Equal((EventOutbox.Failed, 10, "AUDIT_DOWN"), (recent[1].Status, recent[1].Attempts, recent[1].ErrorCode));
        Assert.False(string.IsNullOrEmpty(recent[1].ErrorMessage));
        Assert.Single(await outbox.RecentAsync(1));
    }

    [Fact]
    public async Task Rows_that_ran_are_kept_for_the_retention_then_purged_and_failed_ones_stay()
    {
        var outbox = new EventOutbox(DefaultDatabase.Database);
        await outbox.EnsureTableAsync();
        var queued = DateTimeOffset.UtcNow;
        await outbox.EnqueueAsync("events.TodoAnyWrite", """{"payload": {"model": "models.Todo", "optType": "AddAfter", "postData": {"code": "R1"}}, "chain": []}""", queued);
        await outbox.EnqueueAsync("events.TodoAfterFails", """{"payload": {"model": "models.Todo"}, "chain": []}""", queued);
        var time = new FakeTimeProvider(queued.AddSeconds(1));
        var dispatcher = ActivatorUtilities.CreateInstance<EventOutboxDispatcher>(App.Services, time,
            Options.Create(new EventOutboxOptions { MaxAttempts = 1, DoneRetention = TimeSpan.FromDays(1) }));

        Assert.Equal(2, await dispatcher.RunOnceAsync(default));
        time.Advance(TimeSpan.FromDays(1) - EventOutboxDispatcher.PurgeEvery);
        await dispatcher.RunOnceAsync(default);
        var beforeRetention = await ScalarAsync<long>($"SELECT COUNT(*) FROM {EventOutbox.TableName}");
        time.Advance(EventOutboxDispatcher.PurgeEvery + TimeSpan.FromSeconds(1));
        await dispatcher.RunOnceAsync(default);

        Assert.Equal(2, beforeRetention);
        Assert.Equal(EventOutbox.Failed, await ScalarAsync<string>($"SELECT status FROM {EventOutbox.TableName}"));
    }

    [Fact]
    public async Task A_watched_field_the_model_does_not_have_is_a_sync_warning()
    {
        var result = await App.GetElement<ModelElement>("models.Loop").SyncSchemaAsync();

        var warning = Assert.Single(result.Diagnostics, d => d.Code == "EVENT_UNKNOWN_FIELD");
        Assert.Equal("dne", warning.Field);
        Assert.Contains("event 'events.LoopTypo' watches field 'dne'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_dispatchers_in_parallel_never_run_one_row_twice()
    {
        for (var i = 0; i < 30; i++)
        {
            await InvokeAsync("models.Todo", "create", $$$"""{"rowData": {"title": "x", "code": "K{{{i}}}", "priority": 9}}""");
        }

        await ClearAuditAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var (first, second) = (Dispatcher(time), Dispatcher(time));

        var ran = await Task.WhenAll(first.RunOnceAsync(default), second.RunOnceAsync(default));

        Assert.Equal(30, ran.Sum());
        var notes = (await AuditRowsAsync()).Select(a => a.Note).ToList();
        Assert.Equal(30, notes.Count);
        Assert.Equal(30, notes.Distinct().Count());
        Assert.Equal(30, await OutboxCountAsync(EventOutbox.Done));
    }

    [Fact]
    public async Task A_before_handler_writing_its_own_model_ends_with_EVENT_CYCLE_not_a_stack_overflow()
    {
        var error = await Assert.ThrowsAsync<ElementException>(() => InvokeAsync("models.Loop", "create", """{"rowData": {"n": 0}}"""));

        Assert.Equal(EventErrorCodes.Cycle, error.Code);
        Assert.Contains("events.LoopAgain → events.LoopAgain", error.Message);
        Assert.Equal(0, await RawCountAsync("models_Loop"));
    }

    [Fact]
    public async Task A_custom_event_runs_sync_subscribers_now_and_async_ones_through_the_outbox()
    {
        var subscribers = await App.TriggerEventAsync("services.Shop.OrderPaid", new JsonObject { ["code"] = "O1" });

        Assert.Equal(2, subscribers);
        Assert.Equal(["custom O1"], await AuditAsync());
        Assert.Equal(1, await Dispatcher(new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1))).RunOnceAsync(default));
        Assert.Equal(["custom O1", "custom O1"], await AuditAsync());
        Assert.Equal(0, await App.TriggerEventAsync("services.Shop.Nobody"));
    }

    [Fact]
    public void The_dispatcher_is_registered_as_recurring_work()
    {
        var work = Assert.Single(App.Services.GetServices<IRecurringWork>().OfType<EventOutboxDispatcher>());
        Assert.Equal("events.outbox", work.Name);
        Assert.Equal(TimeSpan.FromSeconds(1), work.Interval);
    }

    private static void Event(AppFolder folder, string name, string config, string? code = null)
    {
        var json = JsonNode.Parse(config)!.AsObject();
        json["type"] ??= "events.ModelType";
        json["title"] = name;
        folder.WriteElement("events." + name, json.ToJsonString());
        if (code is not null)
        {
            File.WriteAllText(Path.Combine(folder.Path, "events", name, name + ".cs"),
                "using System.Threading.Tasks;\nusing System.Text.Json.Nodes;\nusing Elements;\nusing Elements.Activation;\nusing Elements.Std.Events;\nusing Elements.Std.Models;\nnamespace EventTestApp;\n" + code);
        }
    }

    private EventOutboxDispatcher Dispatcher(TimeProvider time) => ActivatorUtilities.CreateInstance<EventOutboxDispatcher>(App.Services, time);

    private async Task<List<(string Event, string Code, string Note)>> AuditRowsAsync()
    {
        var rows = (await InvokeAsync("models.Audit", "query", """{"orderList": [["id", 1]]}"""))!["rowDatas"]!.AsArray();
        return [.. rows.Select(r => (r!["event"]!.GetValue<string>(), r["code"]?.GetValue<string>() ?? "", r["note"]?.GetValue<string>() ?? ""))];
    }

    private async Task<List<string>> AuditAsync() => [.. (await AuditRowsAsync()).Select(a => $"{a.Event} {a.Code}")];

    private Task ClearAuditAsync() => RawExecAsync("DELETE FROM \"models_Audit\"");

    private Task<long> OutboxCountAsync(string status) => ScalarAsync<long>($"SELECT COUNT(*) FROM {EventOutbox.TableName} WHERE status = '{status}'");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }
}
