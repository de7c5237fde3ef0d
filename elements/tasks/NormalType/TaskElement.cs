using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Data.Storage;
using Elements.Invocation;
using Elements.Scheduling;
using Elements.Std.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Elements.Std.Tasks;

/// <summary>
/// <c>tasks.NormalType</c>: a scheduled task (JitAi's). The scheduler fires it on <see cref="BuildTriggers"/>;
/// every run calls the task's function (<c>Inner</c>: <c>CustomFunc()</c> of the task's own class, which derives from
/// this one; <c>Global</c>: <c>taskFunc</c> through the invoker as a trusted in-process caller) and records a row in
/// <c>tasks.models.TaskHistoryModel</c>. A run never throws to the scheduler: failures are recorded (an
/// <see cref="ElementException"/> with its code, anything else as TASK_FAILED without its message, which is logged).
/// </summary>
[ElementType("tasks.NormalType", ConfigType = typeof(TaskConfig), CodeBehindInstances = true)]
public class TaskElement : IScheduledElement
{
    public const string HistoryModel = "tasks.models.TaskHistoryModel";
    public const string HolidayModel = "tasks.models.HolidayModel";

    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true };

    private readonly ElementApp _app;
    private readonly TaskOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MethodInfo? _customFunc;

    /// <summary>A task's own class (funcType Inner) passes its constructor's arguments on: <c>: TaskElement(context, services)</c>.</summary>
    public TaskElement(ElementContext context, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        _app = context.App;
        _options = services.GetService<IOptions<TaskOptions>>()?.Value ?? new TaskOptions();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetService<ILogger<TaskElement>>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        FullName = context.FullName;
        Title = context.Definition.Title;
        Config = ReadConfig(context);
        var errors = new List<(string Path, string Message)>();
        Schedule = TaskSchedule.Parse(Config, _options.TimeZone, errors) ?? throw Invalid(context, errors[0].Path, errors[0].Message);
        if (Config.FuncType == "Inner")
        {
            _customFunc = GetType().GetMethod("CustomFunc", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                ?? GetType().GetMethod("CustomFuncAsync", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (_customFunc is null || _customFunc.GetParameters().Any(p => p.ParameterType != typeof(CancellationToken)))
            {
                throw Invalid(context, "funcType",
                    $"funcType Inner needs the task's own class ([ElementType(\"{FullName}\")], deriving from {nameof(TaskElement)}) with a method CustomFunc() or CustomFunc(CancellationToken); or use funcType Global with taskFunc");
            }
        }
        // A Global task's taskFunc was checked when the app loaded (TaskConfig.GetReferences).
    }

    public string FullName { get; }

    public string Title { get; }

    /// <summary>The task's effective config (JitAi's keys plus cron, timeZone, misfire).</summary>
    public TaskConfig Config { get; }

    /// <summary>The timing: triggers, time zone, summary, fingerprint.</summary>
    public TaskSchedule Schedule { get; }

    public string Fingerprint => Schedule.Fingerprint;

    public bool Enabled => Config.Enable == 1;

    public IReadOnlyList<ITrigger> BuildTriggers(JobKey job) => Schedule.BuildTriggers(job);

    /// <summary>
    /// The next <paramref name="count"/> run times after <paramref name="after"/> (in the task's zone), from the triggers
    /// the scheduler fires, leaving out the days of the holiday calendar when the task skips holidays.
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> GetNextRunTimesAsync(int count, DateTimeOffset after, CancellationToken cancellationToken = default)
    {
        ICalendar? holidays = null;
        if (Schedule.SkipHoliday && _app.TryGetElement(HolidayModel, out var model) && model is IScheduleCalendarSource source)
        {
            holidays = await source.BuildCalendarAsync(cancellationToken).ConfigureAwait(false);
        }

        return Schedule.GetNextRunTimes(count, after, holidays);
    }

    /// <summary>As <see cref="GetNextRunTimesAsync"/> with a calendar the caller already has (null: no holidays).</summary>
    public IReadOnlyList<DateTimeOffset> GetNextRunTimes(int count, DateTimeOffset after, ICalendar? holidays = null) =>
        Schedule.GetNextRunTimes(count, after, holidays);

    /// <summary>
    /// JitAi's <c>getNextRunTime(now)</c>: the next run after <paramref name="now"/> (default: the current time) as
    /// <c>yyyy-MM-dd HH:mm:ss</c> in the task's zone; null when the task never runs again.
    /// </summary>
    public async Task<string?> GetNextRunTimeAsync(string? now = null, CancellationToken cancellationToken = default)
    {
        var after = _time.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(now))
        {
            if (!TaskSchedule.TryParseTime(now, Schedule.TimeZone, out after, out var problem))
            {
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"now {problem}");
            }
        }

        var next = await GetNextRunTimesAsync(1, after, cancellationToken).ConfigureAwait(false);
        return next.Count == 0 ? null : Schedule.Format(next[0]);
    }

    public async Task RunAsync(ScheduledRun run, CancellationToken cancellationToken) =>
        await ExecuteAsync(run, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the task once for <paramref name="run"/>, records it in the history and returns the recorded row.</summary>
    public async Task<JsonObject> ExecuteAsync(ScheduledRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var started = _time.GetUtcNow();
        string outcome;
        string? code = null;
        string? message = null;
        JsonNode? result = null;
        if (!run.Manual && Schedule.SkipMisfires && run.FireTime - run.ScheduledFireTime > _options.MisfireThreshold)
        {
            outcome = TaskOutcomes.Skipped;
            message = $"fired {(run.FireTime - run.ScheduledFireTime).TotalSeconds:0}s late; misfire: skip";
        }
        else
        {
            try
            {
                result = await CallAsync(cancellationToken).ConfigureAwait(false);
                outcome = TaskOutcomes.Success;
            }
            catch (ElementException ex) when (ex is not { Code: ElementErrorCodes.FunctionFailed, InnerException: { } inner } || inner is ElementException)
            {
                (outcome, code, message) = (TaskOutcomes.Fail, ex.Code, ex.Message);
                TaskLog.TaskFailed(_logger, FullName, ex.Code, ex);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                (outcome, code, message) = (TaskOutcomes.Fail, TaskErrorCodes.Cancelled, "the run was cancelled (the host shut down)");
                TaskLog.TaskFailed(_logger, FullName, TaskErrorCodes.Cancelled, ex);
            }
            catch (Exception ex)
            {
                // An arbitrary exception's message may quote a connection string or a token: the history keeps its type
                // only (for a Global function, the invoker wraps it in EL_FUNCTION_FAILED quoting it: unwrapped here).
                var cause = ex is ElementException { Code: ElementErrorCodes.FunctionFailed, InnerException: { } inner } ? inner : ex;
                (outcome, code, message) = (TaskOutcomes.Fail, TaskErrorCodes.Failed, $"{cause.GetType().Name} (see the host log)");
                TaskLog.TaskFailed(_logger, FullName, TaskErrorCodes.Failed, ex);
            }
        }

        var row = new JsonObject
        {
            ["taskName"] = FullName,
            ["scheduledTime"] = Instant(run.ScheduledFireTime),
            ["startTime"] = Instant(started),
            ["endTime"] = Instant(_time.GetUtcNow()),
            ["outcome"] = outcome,
            ["errorCode"] = code,
            ["errorMessage"] = message,
            ["node"] = run.Node,
            ["manual"] = run.Manual,
            ["result"] = result?.ToJsonString(),
        };
        try
        {
            var store = await _app.GetElement<ModelElement>(HistoryModel).OpenStoreAsync(CancellationToken.None).ConfigureAwait(false);
            return await store.CreateAsync(row, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The run happened; losing its history row must not turn into a scheduler failure (which would retry it).
            TaskLog.HistoryFailed(_logger, FullName, ex);
            return row;
        }
    }

    public override string ToString() => $"{FullName} ({Schedule.Summary})";

    private async Task<JsonNode?> CallAsync(CancellationToken cancellationToken)
    {
        if (_customFunc is null)
        {
            var dot = Config.TaskFunc!.LastIndexOf('.');
            return await _app.InvokeAsync(Config.TaskFunc[..dot], Config.TaskFunc[(dot + 1)..], [], cancellationToken).ConfigureAwait(false);
        }

        var returned = await MethodResults.Awaiter(_customFunc.ReturnType)(
            _customFunc.Invoke(this, BindingFlags.DoNotWrapExceptions, null, _customFunc.GetParameters().Length == 0 ? [] : [cancellationToken], null)).ConfigureAwait(false);
        return returned switch
        {
            null => null,
            JsonNode node => node,
            _ => JsonSerializer.SerializeToNode(returned, returned.GetType(), ConfigJson),
        };
    }

    private static string Instant(DateTimeOffset time) => IsoInstant.Format(time.UtcDateTime);

    private static TaskConfig ReadConfig(ElementContext context)
    {
        try
        {
            return context.Config.Deserialize<TaskConfig>(ConfigJson) ?? new TaskConfig();
        }
        catch (JsonException ex)
        {
            throw Invalid(context, ex.Path?.TrimStart('$', '.') ?? "", $"cannot bind to {nameof(TaskConfig)}: {ex.Message}");
        }
    }

    private static ElementException Invalid(ElementContext context, string path, string message) =>
        // The loader has checked the config at its keys (tasks are Instances or code-behind instances); what is left
        // for activation is the class itself.
        new(TaskErrorCodes.ConfigInvalid, $"task '{context.FullName}' ({Path.Combine(context.Definition.Path, "e.json")}){(path.Length == 0 ? "" : $", {path}")}: {message}");
}
