using Elements.Activation;

namespace Elements.Host.Tests.TestElements;

/// <summary>A three-segment element name (<c>orders.services.OrderSvc</c>) to check the URL-to-name mapping.</summary>
[ElementType("orders.services.OrderSvc")]
public sealed class OrderService
{
    public int Count() => 3;
}
