namespace Elements.Activation;

/// <summary>The class implementing a Type element and the config class it binds.</summary>
internal sealed record ElementImplementation(Type Type, Type? ConfigType);
