using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

/// <summary>Claims a Meta, which is a layer violation (fixture Broken/Everything).</summary>
[ElementType("broken.MetaWithClass")]
public sealed class MetaWithClass;
