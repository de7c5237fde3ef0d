using System.Net;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests;

/// <summary>An element whose class is a <c>.cs</c> file in the app folder: the host compiles it at start and serves it.</summary>
public sealed class CompiledElementCodeTests
{
    [Fact]
    public async Task A_compiled_element_serves_its_function_over_the_api()
    {
        var folder = TestAppFolder.Create().WithOpenRole();
        folder.Write("services/GreeterType/e.json", """
            { "title": "Greeter type", "type": "services.Meta", "functionList": [
              { "name": "greet", "args": [ { "name": "name", "dataType": "Stext" } ], "returnType": "JitDict", "loginRequired": 0 } ] }
            """);
        folder.Write("services/GreeterType/GreeterType.cs", $$"""
            // {{Guid.NewGuid()}}
            using Elements.Activation;
            namespace Shop;
            public sealed class GreeterConfig { public string Greeting { get; set; } = "Hello"; }
            public sealed record Greeting(string Text, int Length);
            [ElementType("services.GreeterType", ConfigType = typeof(GreeterConfig))]
            public sealed class GreeterType(GreeterConfig config)
            {
                public Greeting Greet(string name) => new($"{config.Greeting}, {name}!", name.Length);
            }
            """);
        folder.Write("services/Greeter/e.json", """{ "title": "Greeter", "type": "services.GreeterType", "greeting": "Hi" }""");
        await using var host = await TestHost.StartAsync(folder);

        using var response = await host.CallAsync("services/Greeter/greet", new { name = "Ada" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"text":"Hi, Ada!","length":3}""", await response.Content.ReadAsStringAsync());
    }
}
