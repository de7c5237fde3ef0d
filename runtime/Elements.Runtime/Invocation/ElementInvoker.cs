using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Loading;
using Elements.Security;

namespace Elements.Invocation;

/// <summary>
/// Calls an element function with JSON arguments, the single path the CLI and the HTTP host share. Arguments bind by
/// name (case-insensitive) to the method's parameters; a <see cref="CancellationToken"/> parameter receives the call's
/// token and an <see cref="ElementCaller"/> parameter the remote caller (null for trusted in-process calls). The result is serialized as camelCase JSON. Failures are <see cref="ElementException"/>s with the codes
/// EL_UNKNOWN_ELEMENT, EL_UNKNOWN_FUNCTION, EL_UNDECLARED_ARG, EL_MISSING_ARG, EL_INVALID_ARG, EL_FUNCTION_FAILED;
/// an <see cref="ElementException"/> thrown by the function itself passes through unchanged.
/// </summary>
public sealed class ElementInvoker
{
    /// <summary>How results (and argument objects) are (de)serialized: web defaults, i.e. camelCase.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    // Weak keys: methods of compiled element code must not keep their unloaded assembly alive.
    private static readonly ConditionalWeakTable<MethodInfo, BoundMethod> Methods = new();
    private static readonly CollectibleJsonOptions Json = new(JsonOptions);
    private readonly ElementApp _app;

    internal ElementInvoker(ElementApp app) => _app = app;

    /// <summary>The declared function, on the registry snapshot current now. Throws EL_UNKNOWN_ELEMENT /
    /// EL_UNKNOWN_FUNCTION. A caller that checks the function before calling it should use <see cref="Prepare"/>, so
    /// the check and the call see the same snapshot.</summary>
    public FunctionDefinition GetFunction(string fullName, string functionName) =>
        GetFunction(_app.GetElementDefine(fullName), fullName, functionName);

    /// <summary>
    /// Resolves the element and function on the registry snapshot current now and leases it until the returned call is
    /// disposed: the caller can look at the definitions (layer, login, permissions) and then invoke exactly what it
    /// looked at, even if a hot reload swaps the registry in between. Throws EL_UNKNOWN_ELEMENT / EL_UNKNOWN_FUNCTION.
    /// </summary>
    public ElementCall Prepare(string fullName, string functionName)
    {
        var registry = _app.AcquireRegistry();
        try
        {
            var definition = ElementApp.GetElementDefine(registry, fullName);
            return new ElementCall(this, registry, definition, GetFunction(definition, fullName, functionName));
        }
        catch
        {
            registry.Lifetime.ReleaseLease();
            throw;
        }
    }

    /// <summary>
    /// Calls the function on the registry snapshot current when the call starts. The call leases that snapshot, so
    /// a hot reload swapping in a new one meanwhile does not dispose this call's element until the call has finished.
    /// </summary>
    public Task<JsonNode?> InvokeAsync(string fullName, string functionName, JsonObject? args, CancellationToken cancellationToken = default) =>
        InvokeAsync(fullName, functionName, args, caller: null, cancellationToken);

    /// <summary>As <see cref="InvokeAsync(string, string, JsonObject?, CancellationToken)"/>, on behalf of a remote
    /// <paramref name="caller"/> (see <see cref="ElementCaller"/>). Permission checks are the caller's job (the host's
    /// authorizer); this only hands the identity to the function.</summary>
    public async Task<JsonNode?> InvokeAsync(string fullName, string functionName, JsonObject? args, ElementCaller? caller,
        CancellationToken cancellationToken = default)
    {
        using var call = Prepare(fullName, functionName);
        return await call.InvokeAsync(args, caller, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The arguments a call of the function must name: those declared <c>required</c> and the parameters of its
    /// method on <paramref name="elementType"/> (the activated element's class) that have no default, which the binder
    /// refuses a call without. Without a class (an element that has none or cannot activate), the declared ones.
    /// </summary>
    public static IReadOnlySet<string> GetRequiredArguments(Type? elementType, FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var required = new HashSet<string>(function.Args.Where(a => a.Required).Select(a => a.Name), StringComparer.Ordinal);
        if (elementType is not null && FunctionResolver.Find(elementType, function.Name) is { } method)
        {
            foreach (var parameter in method.GetParameters())
            {
                if (!parameter.HasDefaultValue && !BoundMethod.IsSupplied(parameter.ParameterType)
                    && function.Args.FirstOrDefault(a => string.Equals(a.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)) is { } declared)
                {
                    required.Add(declared.Name);
                }
            }
        }

        return required;
    }

    private static FunctionDefinition GetFunction(ElementDefinition definition, string fullName, string functionName)
    {
        return definition.Functions.FirstOrDefault(f => string.Equals(f.Name, functionName, StringComparison.Ordinal))
            ?? throw new ElementException(ElementErrorCodes.UnknownFunction,
                $"element '{fullName}' has no function '{functionName}'; functions: "
                + (definition.Functions.Count == 0 ? "(none)" : string.Join(", ", definition.Functions.Select(f => f.Name))));
    }

    /// <summary>What the declaration promises its callers (and the OpenAPI document states): a <c>required</c> argument
    /// is named (null may still mean "none", as JitAi's <c>filter</c>), an argument with <c>options</c> holds one of them.</summary>
    private static void CheckDeclaredArguments(ElementDefinition definition, FunctionDefinition function, JsonObject? args)
    {
        foreach (var arg in function.Args)
        {
            if (!TryGetArgument(args, arg.Name, out var named))
            {
                if (arg.Required)
                {
                    throw new ElementException(ElementErrorCodes.MissingArg,
                        $"function '{function.Name}' of '{definition.FullName}' requires argument '{arg.Name}'");
                }

                continue;
            }

            if (arg.Options is { } options && named is { } value
                && !options.Contains(value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString(), StringComparer.Ordinal))
            {
                throw new ElementException(ElementErrorCodes.InvalidArg,
                    $"argument '{arg.Name}' of function '{function.Name}' of '{definition.FullName}' must be one of: {string.Join(", ", options)}");
            }
        }
    }

    internal async Task<JsonNode?> InvokeAsync(ElementRegistry registry, ElementDefinition definition, FunctionDefinition function,
        JsonObject? args, ElementCaller? caller, CancellationToken cancellationToken)
    {
        var (fullName, functionName) = (definition.FullName, function.Name);
        var element = _app.GetElement(registry, fullName);
        var method = FunctionResolver.Find(element.GetType(), function.Name) ?? throw new ElementException(ElementErrorCodes.UnknownFunction,
            $"function '{functionName}' of '{fullName}' has no implementation on {element.GetType().FullName}");
        var bound = Methods.GetValue(method, static m => new BoundMethod(m));
        CheckDeclaredArguments(definition, function, args);
        var arguments = bound.BindArguments(fullName, functionName, args, caller, cancellationToken);

        object? result;
        try
        {
            // DoNotWrapExceptions: the function's own exception surfaces, not a TargetInvocationException.
            result = method.Invoke(element, BindingFlags.DoNotWrapExceptions, null, arguments, null);
            result = await bound.AwaitAsync(result).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ElementException and not OperationCanceledException)
        {
            throw Wrap(ex, definition, fullName, functionName);
        }

        return result switch
        {
            null => null,
            JsonNode node => node,
            _ => JsonSerializer.SerializeToNode(result, result.GetType(), Json.For(result.GetType())),
        };

        static ElementException Wrap(Exception inner, ElementDefinition definition, string name, string function)
        {
            var message = SecretRedactor.Scrub(inner.Message, definition.Config, definition.ConfigType);
            return new ElementException(ElementErrorCodes.FunctionFailed, $"function '{function}' of '{name}' failed: {message}", inner);
        }
    }

    /// <summary>The argument named <paramref name="name"/> (case-insensitive, as declared names are matched).</summary>
    private static bool TryGetArgument(JsonObject? args, string name, out JsonNode? value)
    {
        if (args is not null)
        {
            foreach (var (key, node) in args)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = node;
                    return true;
                }
            }
        }

        value = null;
        return false;
    }

    /// <summary>A method's parameter binding and result unwrapping, worked out once per method.</summary>
    private sealed class BoundMethod
    {
        private readonly ParameterInfo[] _parameters;
        private readonly string[] _names;
        private readonly Func<object?, Task<object?>> _await;

        public BoundMethod(MethodInfo method)
        {
            _parameters = method.GetParameters();
            _names = [.. _parameters.Where(p => !IsSupplied(p.ParameterType)).Select(p => p.Name!)];
            _await = MethodResults.Awaiter(method.ReturnType);
        }

        public Task<object?> AwaitAsync(object? result) => _await(result);

        /// <summary>Parameters the invoker fills itself; no JSON argument can name them.</summary>
        public static bool IsSupplied(Type type) => type == typeof(CancellationToken) || type == typeof(ElementCaller);

        public object?[] BindArguments(string fullName, string functionName, JsonObject? args, ElementCaller? caller, CancellationToken cancellationToken)
        {
            var names = _names;
            if (args is not null)
            {
                foreach (var (key, _) in args)
                {
                    if (!names.Contains(key, StringComparer.OrdinalIgnoreCase))
                    {
                        throw new ElementException(ElementErrorCodes.UndeclaredArg,
                            $"function '{functionName}' of '{fullName}' has no argument '{key}'; arguments: "
                            + (names.Length == 0 ? "(none)" : string.Join(", ", names)));
                    }
                }
            }

            var values = new object?[_parameters.Length];
            for (var i = 0; i < _parameters.Length; i++)
            {
                var parameter = _parameters[i];
                if (parameter.ParameterType == typeof(CancellationToken))
                {
                    values[i] = cancellationToken;
                    continue;
                }

                if (parameter.ParameterType == typeof(ElementCaller))
                {
                    values[i] = caller;
                    continue;
                }

                if (!TryGetArgument(args, parameter.Name!, out var present))
                {
                    values[i] = parameter.HasDefaultValue
                        ? parameter.DefaultValue
                        : throw new ElementException(ElementErrorCodes.MissingArg,
                            $"function '{functionName}' of '{fullName}' requires argument '{parameter.Name}'");
                    continue;
                }

                try
                {
                    // A JSON string for a string parameter is the string itself; the serializer would write the node
                    // out and read it back.
                    values[i] = parameter.ParameterType == typeof(string) && present is JsonValue text && text.GetValueKind() == JsonValueKind.String
                        ? text.GetValue<string>()
                        : present?.Deserialize(parameter.ParameterType, Json.For(parameter.ParameterType));
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
                {
                    throw new ElementException(ElementErrorCodes.InvalidArg,
                        $"argument '{parameter.Name}' of function '{functionName}' of '{fullName}' is not a valid {parameter.ParameterType.Name}", ex);
                }

                if (values[i] is null && parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null)
                {
                    throw new ElementException(ElementErrorCodes.InvalidArg,
                        $"argument '{parameter.Name}' of function '{functionName}' of '{fullName}' cannot be null");
                }
            }

            return values;
        }
    }
}
