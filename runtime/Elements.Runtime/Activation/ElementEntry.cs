using Elements.Definitions;

namespace Elements.Activation;

/// <summary>
/// One element of a registry snapshot and its activation slot. The hot path is a volatile read of the slot; only the
/// first caller per snapshot takes the lock, so 64 threads asking at once still create exactly one object. First
/// activations run on the <see cref="ActivationChain"/>, which turns a constructor cycle into EL_ACTIVATION_CYCLE.
/// </summary>
internal sealed class ElementEntry(ElementDefinition definition, ElementEntry? owner, object? boundConfig)
{
    private readonly Lock _gate = new();
    private object? _instance;
    private ElementContext? _context;

    public ElementDefinition Definition { get; private set; } = definition;

    /// <summary>The Instance an inherited child belongs to.</summary>
    public ElementEntry? Owner { get; } = owner;

    /// <summary>The config object bound and validated at load (Instances with a config class); else bound on activation.</summary>
    public object? BoundConfig { get; } = boundConfig;

    /// <summary>Used by the registry builder only, before the snapshot is published: children are known last.</summary>
    public void ReplaceDefinition(ElementDefinition definition) => Definition = definition;

    /// <summary>The object, activated on first call; null when <paramref name="lifetime"/> is closed before it could
    /// be activated (nothing is created just to be disposed).</summary>
    public object? GetOrActivate(ElementActivator activator, ElementLifetime lifetime) =>
        Volatile.Read(ref _instance) ?? ActivateOnce(activator, lifetime);

    public ElementContext GetContext(ElementApp app)
    {
        // Contexts are cheap and idempotent; a race at worst builds two equal ones.
        return _context ??= new ElementContext { Definition = Definition, App = app, Owner = Owner?.GetContext(app) };
    }

    private object? ActivateOnce(ElementActivator activator, ElementLifetime lifetime)
    {
        // Before the lock: a cycle on this thread would re-enter it, one closed on a task the constructor awaits
        // would block on it forever.
        using var chain = ActivationChain.Enter(this);
        lock (_gate)
        {
            // A failed activation leaves the slot empty, so the next call retries instead of caching the error.
            if (_instance is null)
            {
                var created = activator.Activate(this, lifetime);
                if (created is null)
                {
                    return null;
                }

                Volatile.Write(ref _instance, created);
            }

            return _instance;
        }
    }
}
