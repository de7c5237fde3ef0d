using Elements.Std.ApiAuths;

namespace Elements.Std.Tests.ApiAuths;

public sealed class ApiClientTests
{
    private static ApiClient Client(params string[] apis) => new("apiAuths.Test", "test-key", apis);

    [Theory]
    [InlineData("services.OrderSvc.getOrderList", "services.OrderSvc", "getOrderList", true)]
    [InlineData("services.OrderSvc.getOrderList", "services.OrderSvc", "deleteOrder", false)]
    [InlineData("services.OrderSvc.getOrderList", "services.OrderSvcX", "getOrderList", false)]
    [InlineData("services.OrderSvc.getOrderList", "services.OrderSvc", "getorderlist", false)]
    [InlineData("models.Order.*", "models.Order", "query", true)]
    [InlineData("models.Order.*", "models.Order.Lines", "query", true)]
    [InlineData("models.Order.*", "models.OrderLine", "query", false)]
    [InlineData("models.Order.*", "models.order", "query", false)]
    [InlineData("services.*", "services.OrderSvc", "getOrderList", true)]
    [InlineData("services.*", "servicesX.OrderSvc", "getOrderList", false)]
    [InlineData("services.*", "models.Order", "query", false)]
    [InlineData("*", "anything.at.all", "fn", true)]
    public void Allows_follows_the_documented_patterns(string entry, string fullName, string function, bool allowed)
    {
        Assert.Equal(allowed, Client(entry).Allows(fullName, function));
    }

    [Fact]
    public void Any_matching_entry_allows_and_an_empty_list_allows_nothing()
    {
        var client = Client("services.A.f", "models.B.*");

        Assert.True(client.Allows("services.A", "f"));
        Assert.True(client.Allows("models.B", "create"));
        Assert.False(client.Allows("services.A", "g"));
        Assert.False(Client().Allows("services.A", "f"));
    }
}
