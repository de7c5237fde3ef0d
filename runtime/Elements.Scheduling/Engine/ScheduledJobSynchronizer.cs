using Elements.Scheduling.Configuration;
using Elements.Scheduling.Diagnostics;
using Elements.Scheduling.Jobs;
using Elements.Scheduling.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Elements.Scheduling.Engine;

/// <summary>
/// Makes the stored jobs match the app: one durable job per enabled <see cref="IScheduledElement"/>, whose triggers are
/// replaced only when its fingerprint changed; no job for elements gone or disabled; the calendars of every
/// <see cref="IScheduleCalendarSource"/>; one job per <see cref="IRecurringWork"/>. Every node of a cluster runs it at
/// start and after each reload; under the store lock, so the second node finds the first one's work done.
/// </summary>
internal sealed class ScheduledJobSynchronizer(
    ElementApp app,
    ISchedulerFactory schedulerFactory,
    ISchedulerStoreSource stores,
    IEnumerable<IRecurringWork> recurringWorks,
    IOptions<SchedulerOptions> options,
    ILogger<ScheduledJobSynchronizer> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task SyncAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var scheduler = await schedulerFactory.GetScheduler(ct).ConfigureAwait(false);
            await using var storeLock = await StoreLock.AcquireAsync(stores.GetStore(options.Value.Database), ct).ConfigureAwait(false);
            // Calendars first: a trigger naming a calendar the store does not have is refused.
            await StoreCalendarsAsync(scheduler, ct).ConfigureAwait(false);
            await SyncElementsAsync(scheduler, ct).ConfigureAwait(false);
            await SyncRecurringWorkAsync(scheduler, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RefreshCalendarsAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var scheduler = await schedulerFactory.GetScheduler(ct).ConfigureAwait(false);
            await StoreCalendarsAsync(scheduler, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StoreCalendarsAsync(IScheduler scheduler, CancellationToken ct)
    {
        foreach (var definition in SchedulableElements.Find<IScheduleCalendarSource>(app))
        {
            var name = definition.FullName;
            try
            {
                if (app.GetElement(definition.FullName) is not IScheduleCalendarSource source)
                {
                    continue;
                }

                name = source.CalendarName;
                var calendar = await source.BuildCalendarAsync(ct).ConfigureAwait(false);
                await scheduler.AddCalendar(source.CalendarName, calendar, AddCalendarOptions.ReplacingAndUpdatingTriggers, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SchedulerLog.CalendarFailed(logger, ex, name, definition.FullName);
            }
        }
    }

    private async Task SyncElementsAsync(IScheduler scheduler, CancellationToken ct)
    {
        var wanted = new HashSet<JobKey>();
        var keep = new HashSet<JobKey>();
        int scheduled = 0, unchanged = 0;
        foreach (var definition in SchedulableElements.Find<IScheduledElement>(app))
        {
            var key = SchedulerGroups.ElementJob(definition.FullName);
            try
            {
                if (app.GetElement(definition.FullName) is not IScheduledElement element || !element.Enabled)
                {
                    continue;
                }

                wanted.Add(key);
                var stored = await scheduler.GetJobDetail(key, ct).ConfigureAwait(false);
                if (stored is not null && Fingerprint(stored) == element.Fingerprint)
                {
                    unchanged++;
                    continue;
                }

                await ReplaceAsync(scheduler, key, element.Fingerprint, typeof(ScheduledElementJob), element.BuildTriggers(key), ct).ConfigureAwait(false);
                scheduled++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An element that fails to activate or to build its triggers keeps the job it had: a typo in a reload
                // must not silently cancel a schedule.
                keep.Add(key);
                SchedulerLog.ElementSyncFailed(logger, ex, definition.FullName);
            }
        }

        var deleted = 0;
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(SchedulerGroups.Elements), ct).ConfigureAwait(false))
        {
            if (!wanted.Contains(key) && !keep.Contains(key) && await scheduler.DeleteJob(key, ct).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        SchedulerLog.Synced(logger, scheduled, unchanged, deleted);
    }

    private async Task SyncRecurringWorkAsync(IScheduler scheduler, CancellationToken ct)
    {
        var wanted = new HashSet<JobKey>();
        foreach (var work in recurringWorks)
        {
            var key = SchedulerGroups.RecurringJob(work.Name);
            wanted.Add(key);
            var fingerprint = work.Interval.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = await scheduler.GetJobDetail(key, ct).ConfigureAwait(false);
            if (stored is not null && Fingerprint(stored) == fingerprint)
            {
                continue;
            }

            // Do nothing on a misfire but wait for the next interval: the work catches up on whatever is stored.
            var trigger = TriggerBuilder.Create()
                .WithIdentity(work.Name, SchedulerGroups.RecurringWork)
                .ForJob(key)
                .StartAt(DateTimeOffset.UtcNow + work.Interval)
                .WithSimpleSchedule(s => s.WithInterval(work.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            await ReplaceAsync(scheduler, key, fingerprint, typeof(RecurringWorkJob), [trigger], ct).ConfigureAwait(false);
        }

        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(SchedulerGroups.RecurringWork), ct).ConfigureAwait(false))
        {
            if (!wanted.Contains(key))
            {
                await scheduler.DeleteJob(key, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stores the job with its new fingerprint and exactly <paramref name="triggers"/>: the job row is
    /// replaced in place, triggers it no longer has are unscheduled, and the new ones replace those of the same key.</summary>
    private static async Task ReplaceAsync(IScheduler scheduler, JobKey key, string fingerprint, Type jobType, IReadOnlyList<ITrigger> triggers,
        CancellationToken ct)
    {
        var job = JobBuilder.Create()
            .OfType(jobType)
            .WithIdentity(key)
            .StoreDurably()
            .UsingJobData(SchedulerGroups.FingerprintKey, fingerprint)
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, ct).ConfigureAwait(false);
        var newKeys = triggers.Select(t => t.Key).ToHashSet();
        foreach (var old in await scheduler.GetTriggersOfJob(key, ct).ConfigureAwait(false))
        {
            if (!newKeys.Contains(old.Key))
            {
                await scheduler.UnscheduleJob(old.Key, ct).ConfigureAwait(false);
            }
        }

        foreach (var trigger in triggers)
        {
            await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, ct).ConfigureAwait(false);
        }
    }

    private static string? Fingerprint(IJobDetail job) =>
        job.JobDataMap.TryGetValue(SchedulerGroups.FingerprintKey, out var value) ? value as string : null;
}
