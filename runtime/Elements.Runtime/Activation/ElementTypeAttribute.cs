namespace Elements.Activation;

/// <summary>
/// Marks the CLR class that implements a Type element. The class is constructed (through ActivatorUtilities) for every
/// Instance of that Type and of Types derived from it that bring no class of their own. Its constructor may take the
/// <see cref="ElementContext"/>, the bound config object (<see cref="ConfigType"/>) and any DI service.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ElementTypeAttribute(string fullName) : Attribute
{
    /// <summary>The Type element's full name, e.g. <c>auths.loginTypes.WeChatMiniType</c>.</summary>
    public string FullName { get; } = fullName;

    /// <summary>The class the effective config binds to (System.Text.Json, case-insensitive) and is validated as.</summary>
    public Type? ConfigType { get; init; }

    /// <summary>
    /// An element that brings its own class onto this Type (JitAi's Inner code: a task's <c>customFunc</c>, an event's
    /// handler) is one business use of it, complete as it stands, not a Type awaiting Instances: the loader binds and
    /// checks its config like an Instance's.
    /// </summary>
    public bool CodeBehindInstances { get; init; }
}
