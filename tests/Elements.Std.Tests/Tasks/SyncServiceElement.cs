using System.Text.Json.Nodes;
using Elements.Activation;

namespace Elements.Std.Tests.Tasks;

/// <summary><c>services.SyncSvc</c>, the target of Global tasks: one function that works, one that leaks a secret in its exception.</summary>
[ElementType("services.SyncSvc")]
public sealed class SyncServiceElement
{
    public static int Synced;

    public JsonObject SyncUserData() => new() { ["synced"] = Interlocked.Increment(ref Synced) };

    public void Broken() => throw new InvalidOperationException("upstream refused token=s3cr3t-value");
}
