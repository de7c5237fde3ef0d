using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Diagnostics;
using Elements.Hosting;
using Elements.Invocation;
using Elements.Loading;
using Elements.Selectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Elements;

/// <summary>
/// A loaded element app: the registry of every element it can see (its own, then those of the apps it extends,
/// ending with the built-in <c>elements.std</c>) and the lazily activated element objects. Thread-safe: lookups read
/// an immutable snapshot that hot reload replaces atomically.
/// <para>
/// In a host, register it with <c>services.AddElements(o =&gt; o.AppPath = dir)</c>. Tests and tools that do not want
/// to write DI code use <see cref="Load"/>: <c>using var app = ElementApp.Load(dir, b =&gt; b.AddStdElements());</c>.
/// </para>
/// <para>
/// Element objects that implement <see cref="IDisposable"/>/<see cref="IAsyncDisposable"/> are owned by the app:
/// each is disposed exactly once, in reverse activation order, when the app is disposed or, after a hot reload swap,
/// when its generation retires. A generation retires once <see cref="ElementsOptions.RetiredElementDisposeDelay"/> has
/// passed since the swap <em>and</em> no <see cref="ElementInvoker"/> call that started on it is still running: each
/// invoker call leases the registry snapshot it resolved the element from, so a request in flight never sees its
/// element disposed under it, however long it takes; the delay covers code that keeps an object from
/// <see cref="GetElement(string)"/> for a short while. A failing Dispose is logged and the others still run.
/// </para>
/// </summary>
public sealed partial class ElementApp : IDisposable, IAsyncDisposable
{
    private readonly ElementsOptions _options;
    private readonly IConfiguration? _configuration;
    private readonly ILogger _logger;
    private readonly ElementActivator _activator;
    private readonly IElementCodeCompiler? _codeCompiler;
    private ElementsReloadedEventArgs? _lastReload;
    private readonly Lock _reloadGate = new();
    private readonly Lock _retiredGate = new();
    private readonly List<ElementLifetime> _retired = [];
    private ElementRegistry _registry;
    private ElementWatcher? _watcher;
    private IReadOnlyList<string> _watchedRoots = [];
    private long _generation = 1;
    private IDisposable? _ownedProvider;
    private int _disposed;

    internal ElementApp(ElementsOptions options, IServiceProvider services, IConfiguration? configuration, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.AppPath))
        {
            throw new ArgumentException("ElementsOptions.AppPath must name the app folder", nameof(options));
        }

        _options = options;
        _configuration = configuration;
        _logger = loggerFactory?.CreateLogger("Elements.ElementApp") ?? NullLogger.Instance;
        Services = services;
        _codeCompiler = services.GetService<IElementCodeCompiler>();
        _activator = new ElementActivator(this, services, _logger);
        Invoker = new ElementInvoker(this);

        var (registry, diagnostics) = RegistryBuilder.Build(CreateRequest());
        _registry = registry ?? throw new ElementLoadException(diagnostics);
        LogLoaded(_logger, _registry.App.AppId, _registry.Entries.Count);
        if (options.Watch)
        {
            StartWatching(_registry);
        }
    }

    /// <summary>Raised after each hot reload attempt, successful or not (for tests: await it instead of sleeping).</summary>
    public event EventHandler<ElementsReloadedEventArgs>? Reloaded;

    /// <summary>The outcome of the latest hot reload attempt, or null before the first one (health checks report a
    /// failed one: the app keeps serving its previous elements while its files are broken).</summary>
    public ElementsReloadedEventArgs? LastReload => Volatile.Read(ref _lastReload);

    public string AppId => Registry.App.AppId;

    /// <summary>Absolute path of the app folder.</summary>
    public string RootPath => Registry.App.RootPath;

    public IServiceProvider Services { get; }

    /// <summary>The invoker shared by the CLI and the HTTP host.</summary>
    public ElementInvoker Invoker { get; }

    /// <summary>Starts at 1 and grows by one with every successful reload.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The app ids in lookup order: this app first, <c>elements.std</c> normally last.</summary>
    public IReadOnlyList<string> AppIds => [.. Registry.Hierarchy.Select(a => a.AppId)];

    /// <summary>The root folder of each app in the hierarchy, by app id.</summary>
    public IReadOnlyDictionary<string, string> AppRoots => Registry.Hierarchy.ToDictionary(a => a.AppId, a => a.RootPath, StringComparer.Ordinal);

    /// <summary>The merged <c>settings</c> of the app hierarchy (child apps win), e.g. <c>defaultElement.defaultDatabase</c>.
    /// Treat as read-only.</summary>
    public JsonObject Settings => Registry.Settings;

    /// <summary>Every visible element, ordered by full name (ordinal).</summary>
    public IReadOnlyList<ElementDefinition> Elements => Registry.Definitions;

    private ElementRegistry Registry => Volatile.Read(ref _registry);

    /// <summary>
    /// Loads an app without writing DI code: builds a private service provider (null logging unless
    /// <paramref name="configure"/> registers some) owned and disposed by the returned app.
    /// Throws <see cref="ElementLoadException"/> with every diagnostic when the app does not load.
    /// </summary>
    public static ElementApp Load(string appPath, Action<ElementsBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appPath);
        var services = new ServiceCollection();
        services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.TryAddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        var builder = services.AddElements(o => o.AppPath = appPath);
        configure?.Invoke(builder);
        var provider = services.BuildServiceProvider();
        try
        {
            var app = provider.GetRequiredService<ElementApp>();
            app._ownedProvider = provider;
            return app;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>The element object, activated on first use (once per full name). Throws EL_UNKNOWN_ELEMENT naming the
    /// nearest existing names, EL_NO_IMPLEMENTATION for elements without a class, EL_ACTIVATION_FAILED, and
    /// <see cref="ObjectDisposedException"/> once the app is disposed.</summary>
    public object GetElement(string fullName) =>
        TryResolve(fullName, out var element, out var registry) ? element : throw UnknownElement(registry, fullName);

    public T GetElement<T>(string fullName) where T : class =>
        GetElement(fullName) as T ?? throw new ElementException(ElementErrorCodes.ElementTypeMismatch,
            $"element '{fullName}' is a {GetElement(fullName).GetType().FullName}, not a {typeof(T).FullName}");

    /// <summary>False when no element has that name; activation failures still throw.</summary>
    public bool TryGetElement(string fullName, [NotNullWhen(true)] out object? element) => TryResolve(fullName, out element, out _);

    /// <summary>The definition, without activating anything.</summary>
    public ElementDefinition GetElementDefine(string fullName)
    {
        var registry = Registry;
        return registry.Entries.TryGetValue(fullName, out var entry) ? entry.Definition : throw UnknownElement(registry, fullName);
    }

    /// <summary>The definition, or false when no visible element has that name.</summary>
    public bool TryGetElementDefine(string fullName, [NotNullWhen(true)] out ElementDefinition? definition)
    {
        definition = Registry.Entries.TryGetValue(fullName, out var entry) ? entry.Definition : null;
        return definition is not null;
    }

    /// <summary>Elements matching a JitAi selector: <c>fullName</c>, <c>.TypeFullName</c> (everything whose type chain
    /// contains it), <c>#attr=value</c>, <c>fullName*</c> (descendants), <c>*fullName</c> (type chain), <c>a,b</c> (union).</summary>
    public IReadOnlyList<ElementDefinition> FindElements(string selector) => ElementSelector.Select(Registry, selector);

    /// <summary>Calls a declared function with JSON arguments; see <see cref="ElementInvoker"/>.</summary>
    public Task<JsonNode?> InvokeAsync(string fullName, string functionName, JsonObject? args, CancellationToken cancellationToken = default) =>
        Invoker.InvokeAsync(fullName, functionName, args, cancellationToken);

    /// <summary>
    /// Rebuilds the registry from the files now and swaps it in if it loads; otherwise keeps the current one and logs
    /// the diagnostics. The watcher calls this; tests may too. Element objects are re-activated lazily after a swap;
    /// the previous generation's objects are disposed once it retires (see the class remarks).
    /// </summary>
    public ElementsReloadedEventArgs Reload()
    {
        ElementsReloadedEventArgs result;
        lock (_reloadGate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var (registry, diagnostics) = RegistryBuilder.Build(CreateRequest());
            if (registry is null)
            {
                foreach (var diagnostic in diagnostics)
                {
                    LogReloadDiagnostic(_logger, diagnostic.ToString());
                }

                LogReloadFailed(_logger, AppId, diagnostics.Count);
                result = new ElementsReloadedEventArgs(false, Generation, diagnostics);
            }
            else if (Volatile.Read(ref _disposed) != 0)
            {
                // Disposed while building: the new snapshot never served anything, so there is nothing to swap or retire;
                // only the code it was built from is released.
                registry.Lifetime.CloseAndDispose(_logger);
                throw new ObjectDisposedException(nameof(ElementApp));
            }
            else
            {
                var previous = _registry;
                Volatile.Write(ref _registry, registry);
                RetireGeneration(previous);
                var generation = Interlocked.Increment(ref _generation);
                LogReloaded(_logger, registry.App.AppId, generation, registry.Entries.Count);
                if (_options.Watch && Volatile.Read(ref _disposed) == 0)
                {
                    StartWatching(registry);
                }

                result = new ElementsReloadedEventArgs(true, generation, []);
            }
        }

        Volatile.Write(ref _lastReload, result);
        Reloaded?.Invoke(this, result);
        return result;
    }

    /// <summary>Disposes the element objects (preferring <see cref="IAsyncDisposable"/>), then the private service
    /// provider of an app made by <see cref="Load"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var lifetime in StopAndCollectLifetimes())
        {
            await lifetime.CloseAndDisposeAsync(_logger).ConfigureAwait(false);
        }

        switch (Interlocked.Exchange(ref _ownedProvider, null))
        {
            case IAsyncDisposable asyncProvider:
                await asyncProvider.DisposeAsync().ConfigureAwait(false);
                break;
            case { } provider:
                provider.Dispose();
                break;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var lifetime in StopAndCollectLifetimes())
        {
            lifetime.CloseAndDispose(_logger);
        }

        Interlocked.Exchange(ref _ownedProvider, null)?.Dispose();
    }

    /// <summary>The snapshot an <see cref="ElementInvoker"/> call runs on, leased until <see cref="ElementLifetime.ReleaseLease"/>
    /// so that its objects outlive a swap for as long as the call runs.</summary>
    internal ElementRegistry AcquireRegistry()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var registry = Registry;
            if (registry.Lifetime.TryAcquireLease())
            {
                return registry;
            }

            // Closed: retired (the field already names its successor) or the app is being disposed (next pass throws).
        }
    }

    /// <summary>The element of a leased snapshot (see <see cref="AcquireRegistry"/>).</summary>
    internal object GetElement(ElementRegistry registry, string fullName)
    {
        if (!registry.Entries.TryGetValue(fullName, out var entry))
        {
            throw UnknownElement(registry, fullName);
        }

        return entry.GetOrActivate(_activator, registry.Lifetime) ?? throw new ObjectDisposedException(nameof(ElementApp));
    }

    internal static ElementDefinition GetElementDefine(ElementRegistry registry, string fullName) =>
        registry.Entries.TryGetValue(fullName, out var entry) ? entry.Definition : throw UnknownElement(registry, fullName);

    private bool TryResolve(string fullName, [NotNullWhen(true)] out object? element, out ElementRegistry registry)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            registry = Registry;
            if (!registry.Entries.TryGetValue(fullName, out var entry))
            {
                element = null;
                return false;
            }

            // Null only when this snapshot closed before the object could be activated: it retired under us (the
            // next pass reads its successor) or the app is being disposed (the next pass throws).
            element = entry.GetOrActivate(_activator, registry.Lifetime);
            if (element is not null)
            {
                return true;
            }
        }
    }

    /// <summary>Stops watching and returns every generation whose objects are not disposed yet, newest first.</summary>
    private List<ElementLifetime> StopAndCollectLifetimes()
    {
        var lifetimes = new List<ElementLifetime>();
        lock (_reloadGate)
        {
            // Under the reload gate: a reload in progress finishes its swap first, later ones see _disposed and stop.
            _watcher?.Dispose();
            _watcher = null;
            lifetimes.Add(Registry.Lifetime);
        }

        lock (_retiredGate)
        {
            lifetimes.AddRange(Enumerable.Reverse(_retired));
            _retired.Clear();
        }

        return lifetimes;
    }

    private void RetireGeneration(ElementRegistry previous)
    {
        lock (_retiredGate)
        {
            _retired.Add(previous.Lifetime);
        }

        previous.Lifetime.Retire(_options.RetiredElementDisposeDelay, _logger, lifetime =>
        {
            lock (_retiredGate)
            {
                _retired.Remove(lifetime);
            }
        });
    }

    public override string ToString() => $"{AppId} ({Registry.Entries.Count} elements, generation {Generation})";

    private LoadRequest CreateRequest() => new(
        _options.AppPath!,
        [.. _options.LibraryRoots],
        [.. _options.ElementTypeAssemblies],
        HostOverrides.Read(_configuration, _options.OverridesSection),
        _options.Environment,
        _codeCompiler,
        _options.LoadProgress);

    private void StartWatching(ElementRegistry registry)
    {
        var roots = registry.Hierarchy.Select(a => a.RootPath).ToList();
        if (_watcher is not null && roots.SequenceEqual(_watchedRoots, StringComparer.Ordinal))
        {
            return;
        }

        _watcher?.Dispose();
        _watchedRoots = roots;
        _watcher = new ElementWatcher(roots, _options.WatchDebounce, OnFilesChanged);
    }

    private void OnFilesChanged()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        try
        {
            Reload();
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) == 1)
        {
            // The app went away between the file change and the rebuild: nothing to reload.
        }
        catch (Exception ex)
        {
            // A watcher callback has no caller to report to; an unexpected failure must not take the process down.
            LogHotReloadFailed(_logger, ex, AppId);
        }
    }

    private static ElementException UnknownElement(ElementRegistry registry, string fullName) =>
        new(ElementErrorCodes.UnknownElement, $"unknown element '{fullName}'" + NameSuggester.Hint(fullName, registry.Entries.Keys));

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded app {AppId} with {Count} elements")]
    private static partial void LogLoaded(ILogger logger, string appId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Diagnostic}")]
    private static partial void LogReloadDiagnostic(ILogger logger, string diagnostic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reload of {AppId} failed with {Count} error(s); keeping the previous elements")]
    private static partial void LogReloadFailed(ILogger logger, string appId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded app {AppId} (generation {Generation}, {Count} elements)")]
    private static partial void LogReloaded(ILogger logger, string appId, long generation, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hot reload of {AppId} failed")]
    private static partial void LogHotReloadFailed(ILogger logger, Exception exception, string appId);
}
