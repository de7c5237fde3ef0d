using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements;

[ElementType("services.Greeter")]
public sealed class Greeter(ElementContext context)
{
    public string Greet(string name) => $"{context.Config["greeting"]}, {name}!";
}
