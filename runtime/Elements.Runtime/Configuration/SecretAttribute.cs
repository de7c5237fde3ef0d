namespace Elements.Configuration;

/// <summary>
/// Marks a config property whose value is a secret: it is shown as <c>***</c> in <c>ToString()</c>, logs, CLI output and
/// exceptions. Keys whose names contain secret, password, token, sessionKey or apiKey are treated as secrets without it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SecretAttribute : Attribute;
