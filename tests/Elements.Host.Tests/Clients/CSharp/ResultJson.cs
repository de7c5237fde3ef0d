using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Elements.Host.Tests.Clients.CSharp;

/// <summary>
/// A generated result as JSON. Results that are not a model's rows are a bare <c>object</c> in the document (JitAi
/// declares no shapes for them), so their fields land in <see cref="IAdditionalDataHolder.AdditionalData"/>; reading
/// them back through Kiota's own serializer asserts on the wire's field names.
/// </summary>
internal static class ResultJson
{
    public static async Task<JsonObject> ReadAsync<T>(T? result) where T : IParsable
    {
        Assert.NotNull(result);
        return JsonNode.Parse(await KiotaJsonSerializer.SerializeAsStringAsync(result, serializeOnlyChangedValues: false))!.AsObject();
    }
}
