using Elements.Activation;

namespace Elements.Benchmarks;

/// <summary>The class behind the OpenAPI benchmark's services (<c>bench.ApiType</c>): ten functions of three arguments.</summary>
[ElementType("bench.ApiType")]
public sealed class BenchApiElement
{
    public string Fn0(string a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn1(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn2(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn3(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn4(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn5(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn6(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn7(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn8(object a0, object? a1 = null, object? a2 = null) => a0;

    public object? Fn9(object a0, object? a1 = null, object? a2 = null) => a0;
}
