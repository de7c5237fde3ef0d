using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

/// <summary>Implements only one of the two functions its e.json declares (fixture Broken/Everything).</summary>
[ElementType("services.NoImpl")]
public sealed class NoImpl
{
    public void Present()
    {
    }
}
