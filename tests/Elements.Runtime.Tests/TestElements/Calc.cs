using Elements.Activation;
using Elements.Security;
using Microsoft.Extensions.Logging;

namespace Elements.Runtime.Tests.TestElements;

public sealed record Order(int Id, IReadOnlyList<string> Items);

public sealed record OrderSummary(int OrderId, int ItemCount, string FirstItem);

[ElementType("services.Calc")]
public sealed class Calc(ILogger<Calc> logger)
{
    public ILogger<Calc> Logger => logger;

    public int Add(int a, int b) => a + b;

    public double Divide(double a, double b) => b == 0 ? throw new DivideByZeroException("cannot divide by zero") : a / b;

    public OrderSummary Describe(Order order) => new(order.Id, order.Items.Count, order.Items.FirstOrDefault() ?? "");

    public async Task<string> GreetLaterAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return $"later, {name}";
    }

    public Task ResetAsync() => Task.CompletedTask;

    // mode has a default here, but the declaration makes it required: the declaration is what callers are promised.
    public double Round(double value, string mode = "up") => mode == "up" ? Math.Ceiling(value) : Math.Floor(value);

    public void Fail() => throw new ElementException("CALC_REFUSED", "calc refused");

    /// <summary>Who the invoker says is calling: the <see cref="ElementCaller"/> parameter is filled by the invoker.</summary>
    public string WhoCalls(string greeting, ElementCaller? caller, CancellationToken cancellationToken) =>
        $"{greeting}, {caller?.ToString() ?? "trusted"}{(cancellationToken.CanBeCanceled ? " (cancellable)" : "")}";
}
