using Elements.Hosting;
using Elements.Scheduling;
using Elements.Scheduling.Recurring;
using Elements.Scheduling.Store;
using Elements.Std.ApiAuths;
using Elements.Std.Auths;
using Elements.Std.Databases;
using Elements.Std.Events;
using Elements.Std.Roles;
using Elements.Std.Tasks;
using Elements.Std.WeChatApps;
using Elements.WeChat.Client;
using Elements.WeChat.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the built-in element library (app <c>elements.std</c>) every app implicitly extends.</summary>
public static class StdElements
{
    /// <summary>The folder the library's element files are copied to beside the assembly.</summary>
    public static string LibraryRoot => Path.Combine(AppContext.BaseDirectory, "elements.std");

    /// <summary>
    /// Adds the library root, its element classes and the services they use: the WeChat client (unless the host
    /// registered it already, e.g. with its own base URLs), the field protector for secrets stored in models, the
    /// password hashing gate (<see cref="PasswordHashingOptions"/>, bound to <c>Elements:PasswordHashing</c> when the
    /// container has an <see cref="IConfiguration"/>), the authorizer of remote calls (<see cref="ElementAuthorizer"/>)
    /// the verifier of signed API calls (<see cref="ApiRequestVerifier"/>), the account services element constructors take
    /// (<see cref="AccountDatabase"/>, <see cref="UserAccounts"/>, <see cref="OneTimeCodes"/>, <see cref="SessionService"/>,
    /// <see cref="CorpMemberships"/>, <see cref="UnionIdLookup"/>, <see cref="WeChatIdentityBinding"/>) and the source that
    /// gives the WeChat client the appId/appSecret of every loaded WeChat element (<see cref="WeChatElementApps"/>), and the
    /// events' outbox dispatcher (<see cref="EventOutboxDispatcher"/>, an <see cref="IRecurringWork"/>, options
    /// <c>Elements:Events:Outbox</c>); a host
    /// or test may register its own first.
    /// </summary>
    public static ElementsBuilder AddStdElements(this ElementsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(IWeChatClient)))
        {
            services.AddWeChatClient();
        }

        services.AddOptions<FieldProtectionOptions>();
        services.AddSingleton<FieldProtector>();
        services.AddMetrics();
        services.AddSingleton<AuthMetrics>();
        services.TryAddSingleton<ElementAuthorizer>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiRequestVerifier>();
        services.AddOptions<PasswordHashingOptions>()
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(PasswordHashingOptions.SectionName).Bind(options))
            .Validate(o => o.MaxConcurrency is null or >= 0 && o.QueueLimit >= 0, "Elements:PasswordHashing: MaxConcurrency and QueueLimit cannot be negative");
        services.TryAddSingleton<PasswordHashingGate>();
        services.AddOptions<TaskOptions>()
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(TaskOptions.SectionName).Bind(options))
            .Validate(o => TaskSchedule.TryFindZone(o.TimeZone, out _), "Elements:Tasks:TimeZone is not a known IANA time zone");
        AddAccountServices(services);
        // The scheduler's database is an element; without a scheduler (CLI, scripts) run requests are dropped, and
        // AddElementsScheduler replaces the no-op signal with the real one.
        services.TryAddSingleton<ISchedulerStoreSource, DatabaseSchedulerStoreSource>();
        services.TryAddSingleton<IRecurringWorkSignal>(NoopRecurringWorkSignal.Instance);
        // Events: the async outbox's dispatcher, run by whatever scheduler the host adds (none in the CLI).
        services.AddOptions<EventOutboxOptions>()
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(EventOutboxOptions.SectionName).Bind(options))
            .Validate(o => o.MaxAttempts >= 1 && o.BatchSize >= 1 && o.Lease > TimeSpan.Zero && o.Interval > TimeSpan.Zero, "Elements:Events:Outbox: MaxAttempts and BatchSize must be at least 1, Lease and Interval positive");
        services.TryAddSingleton<EventMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRecurringWork, EventOutboxDispatcher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWeChatAppSource, WeChatElementApps>());
        return builder.AddLibraryRoot(LibraryRoot).AddElementTypesFrom(typeof(StdElements).Assembly);
    }

    // One of each per container, as there is one ElementApp per container; they look model elements up on every call,
    // so a hot reload is picked up.
    private static void AddAccountServices(IServiceCollection services)
    {
        services.TryAddSingleton<AccountDatabase>();
        services.TryAddSingleton<UserAccounts>();
        services.TryAddSingleton<CorpMemberships>();
        services.TryAddSingleton<OneTimeCodes>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<UnionIdLookup>();
        services.TryAddSingleton<WeChatIdentityBinding>();
    }
}
