using BenchmarkDotNet.Running;
using Elements.Benchmarks;

// "ratio" is a quick check for noisy machines: interleaved runs, best of each (see docs/performance.md).
if (args is ["ratio", ..])
{
    LoadRatio.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8);
    return;
}

// "data-ratio": the get and query benchmarks the same way.
if (args is ["data-ratio", ..])
{
    DataRatio.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(GeneratedApp).Assembly).Run(args);
