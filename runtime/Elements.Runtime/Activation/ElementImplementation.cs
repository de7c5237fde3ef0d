namespace Elements.Activation;

/// <summary>The class implementing a Type element, the config class it binds, and whether elements bringing their own
/// class onto it are Instances in all but name (<see cref="ElementTypeAttribute.CodeBehindInstances"/>).</summary>
internal sealed record ElementImplementation(Type Type, Type? ConfigType, bool CodeBehindInstances = false);
