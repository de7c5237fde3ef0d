using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Activation;

/// <summary>
/// Constructs element objects with a compiled <see cref="ObjectFactory"/> per class: the constructor may ask for the
/// <see cref="ElementContext"/>, the bound config object and any DI service, in any order. Factories outlive reloads;
/// they are keyed weakly by class so that compiled element code (collectible) can unload once its generation retires.
/// </summary>
internal sealed class ElementActivator(ElementApp app, IServiceProvider services, ILogger logger)
{
    private readonly ConditionalWeakTable<Type, Factory> _factories = new();

    /// <summary>Constructs the object and records it with <paramref name="lifetime"/> for disposal; null when the
    /// lifetime is closed (the app was disposed or the generation retired), in which case nothing stays alive.</summary>
    public object? Activate(ElementEntry entry, ElementLifetime lifetime)
    {
        if (lifetime.IsClosed)
        {
            return null;
        }

        var created = ConstructObserved(entry);
        if (lifetime.TryTrack(entry.Definition.FullName, created))
        {
            return created;
        }

        // Closed while the constructor ran: the lifetime will never see this object, so it is ours to dispose.
        ElementLifetime.DisposeQuietlyAsync(entry.Definition.FullName, created, logger).AsTask().GetAwaiter().GetResult();
        return null;
    }

    private object ConstructObserved(ElementEntry entry)
    {
        var name = entry.Definition.FullName;
        var started = Stopwatch.GetTimestamp();
        using var activity = ElementsTelemetry.ActivitySource.StartActivity(ElementsTelemetry.ActivationActivityName);
        activity?.SetTag(ElementsTelemetry.ElementTag, name);
        var outcome = ElementErrorCodes.ActivationFailed;
        try
        {
            var created = Construct(entry);
            outcome = "ok";
            return created;
        }
        catch (ElementException ex)
        {
            outcome = ex.Code;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Code);
            throw;
        }
        finally
        {
            activity?.SetTag(ElementsTelemetry.OutcomeTag, outcome);
            ElementsTelemetry.ActivationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(ElementsTelemetry.ElementTag, name),
                new KeyValuePair<string, object?>(ElementsTelemetry.OutcomeTag, outcome));
        }
    }

    private object Construct(ElementEntry entry)
    {
        var definition = entry.Definition;
        var type = definition.ImplementationType ?? throw new ElementException(ElementErrorCodes.NoImplementation,
            definition.Layer == ElementLayer.Meta
                ? $"element '{definition.FullName}' is a Meta and cannot be activated"
                : $"element '{definition.FullName}' has no implementation: no class is registered for it or its type chain ({string.Join(" -> ", definition.TypeChain)})");

        // A class's config type comes from its [ElementType], so one factory per class; a mismatch is built afresh.
        var factory = _factories.GetValue(type, static t => Factory.For(t, t.GetCustomAttribute<ElementTypeAttribute>()?.ConfigType));
        if (factory.ConfigType != definition.ConfigType)
        {
            factory = Factory.For(type, definition.ConfigType);
        }

        try
        {
            var arguments = new object?[factory.ArgumentCount];
            if (factory.ContextIndex >= 0)
            {
                arguments[factory.ContextIndex] = entry.GetContext(app);
            }

            if (factory.ConfigIndex >= 0)
            {
                arguments[factory.ConfigIndex] = entry.BoundConfig ?? BindNow(definition);
            }

            return factory.Construct(services, arguments);
        }
        catch (ElementException)
        {
            throw;
        }
        catch (Exception ex)
        {
            var message = SecretRedactor.Scrub(ex.Message, definition.Config, definition.ConfigType);
            // Asked for by another element's constructor: say through which, since that is where the fix may be.
            var chain = ActivationChain.DescribeNested(entry);
            var during = chain.Length == 0 ? "" : $" while activating {chain}";
            throw new ElementException(ElementErrorCodes.ActivationFailed,
                $"could not activate '{definition.FullName}' ({type.FullName}){during}: {message}", ex);
        }
    }

    private static object BindNow(ElementDefinition definition)
    {
        var errors = new List<(string? Path, string Message)>();
        return ConfigBinder.Bind(definition.Config, definition.ConfigType!, errors) ?? throw new ElementException(ElementErrorCodes.ConfigInvalid,
            SecretRedactor.Scrub($"config of '{definition.FullName}' is invalid: {string.Join("; ", errors.Select(e => e.Message))}",
                definition.Config, definition.ConfigType));
    }

    private sealed record Factory(ObjectFactory Construct, Type? ConfigType, int ArgumentCount, int ContextIndex, int ConfigIndex)
    {
        public static Factory For(Type type, Type? configType)
        {
            // ActivatorUtilities wants exactly the arguments the constructor takes, so look at the constructor DI
            // would pick and pass only the context and/or config it asks for.
            var constructor = type.GetConstructors()
                .OrderByDescending(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute)))
                .ThenByDescending(c => c.GetParameters().Length)
                .FirstOrDefault() ?? throw new ElementException(ElementErrorCodes.ActivationFailed, $"{type.FullName} has no public constructor");
            var parameters = constructor.GetParameters();
            var argumentTypes = new List<Type>();
            var contextIndex = -1;
            var configIndex = -1;
            if (parameters.Any(p => p.ParameterType == typeof(ElementContext)))
            {
                contextIndex = argumentTypes.Count;
                argumentTypes.Add(typeof(ElementContext));
            }

            if (configType is not null && parameters.Any(p => p.ParameterType == configType))
            {
                configIndex = argumentTypes.Count;
                argumentTypes.Add(configType);
            }

            return new Factory(ActivatorUtilities.CreateFactory(type, [.. argumentTypes]), configType, argumentTypes.Count, contextIndex, configIndex);
        }
    }
}
