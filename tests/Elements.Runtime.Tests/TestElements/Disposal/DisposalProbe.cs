using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements.Disposal;

/// <summary>Base of the disposal probes: records its activation as <c>created:Name</c>, Name being the last segment
/// of its full name.</summary>
internal abstract class DisposalProbe
{
    protected DisposalProbe(ElementContext context)
    {
        Name = context.FullName[(context.FullName.LastIndexOf('.') + 1)..];
        Log = DisposalLog.For(context.Config["log"]!.GetValue<string>());
        Log.Add($"created:{Name}");
    }

    public string Name { get; }

    public DisposalLog Log { get; }
}
