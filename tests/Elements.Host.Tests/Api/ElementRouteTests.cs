using Elements.Hosting.AspNetCore.Api;

namespace Elements.Host.Tests.Api;

/// <summary><see cref="ElementRoute"/>: the URL path after the app maps to an element and one of its functions.</summary>
public sealed class ElementRouteTests
{
    [Theory]
    [InlineData("services/Echo/echo", "services.Echo", "echo")]
    [InlineData("a/b/c/D/fn", "a.b.c.D", "fn")]
    [InlineData("services/Echo/echo/", "services.Echo", "echo")]
    [InlineData("/services/Echo/echo", "services.Echo", "echo")]
    [InlineData("//a/b//C///fn//", "a.b.C", "fn")]
    public void Route_maps_segments_to_element_and_function(string path, string element, string function)
    {
        Assert.True(ElementRoute.TryParse(path, out var route));
        Assert.Equal(new ElementRoute(element, function), route);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("echo")]
    [InlineData("services.Echo/echo")]
    [InlineData("/echo/")]
    [InlineData("a//b/c.d")]
    public void Route_rejects_paths_without_a_plain_element(string? path) => Assert.False(ElementRoute.TryParse(path, out _));
}
