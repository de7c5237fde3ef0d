using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Std.Models;

namespace Elements.Host.Tests.TestElements;

/// <summary><c>services.Ledger</c>: drives its fixture model (<c>models.Ledger</c>, an AUTOINCREMENT key) into a real
/// SQLite failure, as the hostile-caller review did with the sample app's user table.</summary>
[ElementType("services.Ledger")]
public sealed class LedgerService(ElementContext context)
{
    /// <summary>A row at the largest key leaves AUTOINCREMENT nothing to hand out: the next insert fails with
    /// SQLITE_FULL ("database or disk is full").</summary>
    public async Task<JsonNode?> ExhaustAsync(CancellationToken cancellationToken)
    {
        var model = context.App.GetElement<ModelElement>("models.Ledger");
        await model.CreateAsync(new JsonObject { ["id"] = long.MaxValue, ["note"] = "last" }, cancellationToken: cancellationToken);
        return await model.CreateAsync(new JsonObject { ["note"] = "one too many" }, cancellationToken: cancellationToken);
    }
}
