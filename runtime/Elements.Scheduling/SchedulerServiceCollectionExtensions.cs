using Elements.Scheduling;
using Elements.Scheduling.Configuration;
using Elements.Scheduling.Engine;
using Elements.Scheduling.Recurring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl.AdoJobStore;
using Quartz.Impl.AdoJobStore.Common;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the scheduler of a host process.</summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Quartz.NET scheduler (<c>AddQuartz</c> + its hosted service) with the ADO.NET job store in the app's
    /// database (options <see cref="SchedulerOptions"/>, <c>Elements:Scheduler</c>): SQLite alone, PostgreSQL clustered.
    /// Hosted services, in order: Quartz's tables are created, the scheduler starts, the jobs of scheduled elements,
    /// calendars and recurring work are synced (again after every reload). Registers the real
    /// <see cref="IRecurringWorkSignal"/>, replacing the no-op one. Needs an <see cref="Elements.Scheduling.Store.ISchedulerStoreSource"/>
    /// (elements.std registers one) and the app (<c>AddElements</c>). Register it after the service that loads the app,
    /// so that the app has loaded when the scheduler starts.
    /// </summary>
    public static IServiceCollection AddElementsScheduler(this IServiceCollection services, Action<SchedulerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SchedulerOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(SchedulerOptions.SectionName).Bind(o))
            .Validate(o => o.ThreadCount > 0 && o.CheckinInterval > TimeSpan.Zero && o.MisfireThreshold > TimeSpan.Zero && o.CalendarRefresh > TimeSpan.Zero,
                "Elements:Scheduler: ThreadCount, CheckinInterval, MisfireThreshold and CalendarRefresh must be positive")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        services.TryAddSingleton<ResolvedStore>();
        services.TryAddSingleton<ScheduledJobSynchronizer>();
        services.RemoveAll<IRecurringWorkSignal>();
        services.AddSingleton<IRecurringWorkSignal, QuartzRecurringWorkSignal>();

        services.AddQuartz(q => q.UsePersistentStore(store =>
        {
            // The database is an element, known once the app has loaded: the provider and delegate are chosen then.
            store.UseConnectionProvider(sp => sp.GetRequiredService<ResolvedStore>().Store is var s && s.IsPostgres
                ? new DbProvider(DataSourceOptions.Providers.Npgsql, s.ConnectionString)
                : new DbProvider(DataSourceOptions.Providers.Sqlite, s.ConnectionString));
            store.UseDriverDelegate(sp => sp.GetRequiredService<ResolvedStore>().Store.IsPostgres ? new PostgreSQLDelegate() : new SQLiteDelegate());
            store.UseSystemTextJsonSerializer();
        }));
        // Quartz's options are per scheduler name; these apply to every one (there is one).
        services.AddSingleton<IPostConfigureOptions<QuartzSchedulerOptions>>(sp => new PostConfigureOptions<QuartzSchedulerOptions, IOptions<SchedulerOptions>>(
            null, sp.GetRequiredService<IOptions<SchedulerOptions>>(), (q, o) =>
            {
                q.InstanceName = o.Value.InstanceName;
                q.InstanceId = o.Value.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
                q.GenerateInstanceId = false;
            }));
        services.AddSingleton<IPostConfigureOptions<ThreadPoolOptions>>(sp => new PostConfigureOptions<ThreadPoolOptions, IOptions<SchedulerOptions>>(
            null, sp.GetRequiredService<IOptions<SchedulerOptions>>(), (t, o) => t.MaxConcurrency = o.Value.ThreadCount));
        services.AddSingleton<IPostConfigureOptions<AdoJobStoreOptions>>(sp => new PostConfigureOptions<AdoJobStoreOptions, IServiceProvider>(
            null, sp, (a, provider) =>
            {
                var o = provider.GetRequiredService<IOptions<SchedulerOptions>>().Value;
                a.MisfireThreshold = o.MisfireThreshold;
                // Clustering needs database row locks; a single SQLite process is served by its in-process lock.
                a.UseDbLocks = provider.GetRequiredService<ResolvedStore>().Clustered;
            }));
        services.AddSingleton<IPostConfigureOptions<ClusteringOptions>>(sp => new PostConfigureOptions<ClusteringOptions, IServiceProvider>(
            null, sp, (c, provider) =>
            {
                var o = provider.GetRequiredService<IOptions<SchedulerOptions>>().Value;
                c.Enabled = provider.GetRequiredService<ResolvedStore>().Clustered;
                c.CheckinInterval = o.CheckinInterval;
                c.CheckinMisfireThreshold = o.CheckinMisfireThreshold ?? o.CheckinInterval;
            }));
        services.AddSingleton<IPostConfigureOptions<QuartzHostedServiceOptions>>(sp => new PostConfigureOptions<QuartzHostedServiceOptions, IOptions<SchedulerOptions>>(
            null, sp.GetRequiredService<IOptions<SchedulerOptions>>(), (h, o) =>
            {
                h.AutoStart = o.Value.Enabled;
                // Graceful shutdown lets running jobs finish, within the host's shutdown timeout.
                h.WaitForJobsToComplete = true;
            }));

        services.AddHostedService<SchedulerStoreInitializer>();
        services.AddQuartzHostedService();
        services.AddHostedService<ScheduledJobSyncService>();
        return services;
    }
}
