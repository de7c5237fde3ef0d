using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Configuration;
using Elements.Definitions;

namespace Elements.Invocation;

/// <summary>
/// Calls an element function with JSON arguments, the single path the CLI and the HTTP host share. Arguments bind by
/// name (case-insensitive) to the method's parameters; a <see cref="CancellationToken"/> parameter receives the call's
/// token. The result is serialized as camelCase JSON. Failures are <see cref="ElementException"/>s with the codes
/// EL_UNKNOWN_ELEMENT, EL_UNKNOWN_FUNCTION, EL_UNDECLARED_ARG, EL_MISSING_ARG, EL_INVALID_ARG, EL_FUNCTION_FAILED;
/// an <see cref="ElementException"/> thrown by the function itself passes through unchanged.
/// </summary>
public sealed class ElementInvoker
{
    /// <summary>How results (and argument objects) are (de)serialized: web defaults, i.e. camelCase.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly ConcurrentDictionary<MethodInfo, BoundMethod> Methods = new();
    private readonly ElementApp _app;

    internal ElementInvoker(ElementApp app) => _app = app;

    /// <summary>The declared function (e.g. for the host to check <see cref="FunctionDefinition.LoginRequired"/>
    /// before calling). Throws EL_UNKNOWN_ELEMENT / EL_UNKNOWN_FUNCTION.</summary>
    public FunctionDefinition GetFunction(string fullName, string functionName)
    {
        var definition = _app.GetElementDefine(fullName);
        return definition.Functions.FirstOrDefault(f => string.Equals(f.Name, functionName, StringComparison.Ordinal))
            ?? throw new ElementException("EL_UNKNOWN_FUNCTION",
                $"element '{fullName}' has no function '{functionName}'; functions: "
                + (definition.Functions.Count == 0 ? "(none)" : string.Join(", ", definition.Functions.Select(f => f.Name))));
    }

    public async Task<JsonNode?> InvokeAsync(string fullName, string functionName, JsonObject? args, CancellationToken cancellationToken = default)
    {
        var function = GetFunction(fullName, functionName);
        var element = _app.GetElement(fullName);
        var method = FunctionResolver.Find(element.GetType(), function.Name) ?? throw new ElementException("EL_UNKNOWN_FUNCTION",
            $"function '{functionName}' of '{fullName}' has no implementation on {element.GetType().FullName}");
        var bound = Methods.GetOrAdd(method, static m => new BoundMethod(m));
        var arguments = bound.BindArguments(fullName, functionName, args, cancellationToken);

        object? result;
        try
        {
            // DoNotWrapExceptions: the function's own exception surfaces, not a TargetInvocationException.
            result = method.Invoke(element, BindingFlags.DoNotWrapExceptions, null, arguments, null);
            result = await bound.AwaitAsync(result).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ElementException and not OperationCanceledException)
        {
            throw Wrap(ex, fullName, functionName);
        }

        return result switch
        {
            null => null,
            JsonNode node => node,
            _ => JsonSerializer.SerializeToNode(result, result.GetType(), JsonOptions),
        };

        ElementException Wrap(Exception inner, string name, string function)
        {
            var definition = _app.GetElementDefine(name);
            var message = SecretRedactor.Scrub(inner.Message, definition.Config, definition.ConfigType);
            return new ElementException("EL_FUNCTION_FAILED", $"function '{function}' of '{name}' failed: {message}", inner);
        }
    }

    /// <summary>A method's parameter binding and result unwrapping, worked out once per method.</summary>
    private sealed class BoundMethod
    {
        private readonly ParameterInfo[] _parameters;
        private readonly Func<object?, Task<object?>> _await;

        public BoundMethod(MethodInfo method)
        {
            _parameters = method.GetParameters();
            _await = ResultAwaiter(method.ReturnType);
        }

        public Task<object?> AwaitAsync(object? result) => _await(result);

        public object?[] BindArguments(string fullName, string functionName, JsonObject? args, CancellationToken cancellationToken)
        {
            var names = _parameters.Where(p => p.ParameterType != typeof(CancellationToken)).Select(p => p.Name!).ToList();
            if (args is not null)
            {
                foreach (var (key, _) in args)
                {
                    if (!names.Contains(key, StringComparer.OrdinalIgnoreCase))
                    {
                        throw new ElementException("EL_UNDECLARED_ARG",
                            $"function '{functionName}' of '{fullName}' has no argument '{key}'; arguments: "
                            + (names.Count == 0 ? "(none)" : string.Join(", ", names)));
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

                var node = args?.FirstOrDefault(p => string.Equals(p.Key, parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (node is not { Key: not null } present)
                {
                    values[i] = parameter.HasDefaultValue
                        ? parameter.DefaultValue
                        : throw new ElementException("EL_MISSING_ARG",
                            $"function '{functionName}' of '{fullName}' requires argument '{parameter.Name}'");
                    continue;
                }

                try
                {
                    values[i] = present.Value is null ? null : present.Value.Deserialize(parameter.ParameterType, JsonOptions);
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
                {
                    throw new ElementException("EL_INVALID_ARG",
                        $"argument '{parameter.Name}' of function '{functionName}' of '{fullName}' is not a valid {parameter.ParameterType.Name}", ex);
                }

                if (values[i] is null && parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null)
                {
                    throw new ElementException("EL_INVALID_ARG",
                        $"argument '{parameter.Name}' of function '{functionName}' of '{fullName}' cannot be null");
                }
            }

            return values;
        }

        private static Func<object?, Task<object?>> ResultAwaiter(Type returnType)
        {
            // Decided from the declared return type: an async Task method's runtime type is Task<VoidTaskResult>.
            if (returnType == typeof(Task))
            {
                return async r =>
                {
                    await ((Task)r!).ConfigureAwait(false);
                    return null;
                };
            }

            if (returnType == typeof(ValueTask))
            {
                return async r =>
                {
                    await ((ValueTask)r!).ConfigureAwait(false);
                    return null;
                };
            }

            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var result = returnType.GetProperty(nameof(Task<object>.Result))!;
                return async r =>
                {
                    var task = (Task)r!;
                    await task.ConfigureAwait(false);
                    return result.GetValue(task);
                };
            }

            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            {
                var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
                var result = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()).GetProperty(nameof(Task<object>.Result))!;
                return async r =>
                {
                    var task = (Task)asTask.Invoke(r, null)!;
                    await task.ConfigureAwait(false);
                    return result.GetValue(task);
                };
            }

            return returnType == typeof(void) ? static _ => Task.FromResult<object?>(null) : static r => Task.FromResult(r);
        }
    }
}
