using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Invocation;

namespace Elements.Std.Events;

/// <summary>
/// What model events and custom events share: JitAi's properties (sender, funcType, func, asyncType, enable, callTime)
/// and <see cref="CallAsync"/>, which runs the handler. <c>Global</c>: the service function <c>func</c>, called
/// in-process as a trusted caller with the payload as its one declared argument. <c>Inner</c>: the <c>CustomFunc</c>
/// method the event's own class (deriving from its Type's class) defines, sync or async, taking the payload as a
/// <see cref="JsonObject"/>/<see cref="JsonNode"/> or as any type it deserializes to, and optionally a
/// <see cref="CancellationToken"/>.
/// </summary>
public abstract class EventElement
{
    private const string InnerMethodName = "CustomFunc";

    private MethodInfo? _customFunc;
    private long _callTicks;

    protected EventElement(ElementContext context, EventConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        Context = context;
        Name = context.FullName;
        Title = context.Definition.Title;
        Sender = config.Sender!;
        FuncType = config.ParsedFuncType;
        Func = config.Func;
        AsyncType = config.AsyncType;
        Enable = config.Enable;
    }

    /// <summary>The event's fullName.</summary>
    public string Name { get; }

    public string Title { get; }

    public string Sender { get; }

    public EventFuncType FuncType { get; }

    public string? Func { get; }

    public bool AsyncType { get; }

    public int Enable { get; }

    /// <summary>When the handler last ran in this process (JitAi's callTime); null before.</summary>
    public DateTimeOffset? CallTime => Interlocked.Read(ref _callTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    protected ElementContext Context { get; }

    /// <summary>JitAi's getSender.</summary>
    public virtual string GetSender() => Sender;

    /// <summary>Runs the handler with <paramref name="payload"/> (JitAi's call) and returns what it returned.</summary>
    public virtual async Task<JsonNode?> CallAsync(JsonNode? payload, CancellationToken cancellationToken = default)
    {
        using var _ = EventChain.Enter(Name);
        Interlocked.Exchange(ref _callTicks, DateTimeOffset.UtcNow.UtcTicks);
        return FuncType == EventFuncType.Global
            ? await CallGlobalAsync(payload, cancellationToken).ConfigureAwait(false)
            : await CallInnerAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonNode?> CallGlobalAsync(JsonNode? payload, CancellationToken ct)
    {
        var dot = Func!.LastIndexOf('.');
        var (element, function) = (Func[..dot], Func[(dot + 1)..]);
        var definition = Context.App.GetElementDefine(element);
        var declared = definition.Functions.FirstOrDefault(f => string.Equals(f.Name, function, StringComparison.Ordinal))
            ?? throw new ElementException(ElementErrorCodes.UnknownFunction, $"event '{Name}': '{element}' has no function '{function}'");
        var args = new JsonObject();
        if (declared.Args.Count > 0)
        {
            args[declared.Args[0].Name] = payload?.DeepClone();
        }

        return await Context.App.InvokeAsync(element, function, args, ct).ConfigureAwait(false);
    }

    private async Task<JsonNode?> CallInnerAsync(JsonNode? payload, CancellationToken ct)
    {
        var method = _customFunc ??= FindCustomFunc();
        var parameters = method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            arguments[i] = type == typeof(CancellationToken) ? ct
                : type.IsAssignableFrom(typeof(JsonObject)) && payload is JsonObject or null ? payload?.DeepClone()
                : type == typeof(JsonNode) ? payload?.DeepClone()
                : payload?.Deserialize(type, JsonSerializerOptions.Web);
        }

        var result = await MethodResults.Awaiter(method.ReturnType)(method.Invoke(this, BindingFlags.DoNotWrapExceptions, null, arguments, null))
            .ConfigureAwait(false);
        return result switch
        {
            null => null,
            JsonNode node => node,
            _ => JsonSerializer.SerializeToNode(result, result.GetType(), JsonSerializerOptions.Web),
        };
    }

    private MethodInfo FindCustomFunc()
    {
        var candidates = GetType().GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(m => string.Equals(m.Name, InnerMethodName, StringComparison.OrdinalIgnoreCase) && !m.IsGenericMethodDefinition)
            .ToList();
        return candidates.Count == 1 && candidates[0].GetParameters().Count(p => p.ParameterType != typeof(CancellationToken)) <= 1
            ? candidates[0]
            : throw new ElementException(EventErrorCodes.NoHandler, candidates.Count == 0
                ? $"event '{Name}' is Inner, but its class {GetType().Name} defines no {InnerMethodName} method (add one in the event's folder, in a class deriving from {GetType().BaseType?.Name})"
                : $"event '{Name}': its class must define exactly one {InnerMethodName}, taking the payload (and optionally a CancellationToken)");
    }
}
