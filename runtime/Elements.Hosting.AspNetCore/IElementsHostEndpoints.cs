namespace Elements.Hosting.AspNetCore;

/// <summary>
/// Endpoints an add-on brings to the host (the WeChat sandbox does): registered as a service in
/// <c>AddElementsHost(...)</c>'s chain, mapped by <c>MapElements()</c> at the root, outside the per-client rate limit,
/// so the app needs no second call per add-on.
/// </summary>
public interface IElementsHostEndpoints
{
    void Map(IEndpointRouteBuilder endpoints);
}
