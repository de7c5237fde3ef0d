using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Elements.Clients.Tests.Support;

/// <summary>
/// A generated result as JSON. The document describes most results as a bare <c>object</c> today, so their fields land
/// in <see cref="IAdditionalDataHolder.AdditionalData"/>; once it describes them field by field they become typed
/// properties. Reading the result back through Kiota's own serializer keeps the tests' assertions (the wire's
/// field names) true either way.
/// </summary>
internal static class ResultJson
{
    public static async Task<JsonObject> ReadAsync<T>(T? result) where T : IParsable
    {
        Assert.NotNull(result);
        return JsonNode.Parse(await KiotaJsonSerializer.SerializeAsStringAsync(result, serializeOnlyChangedValues: false))!.AsObject();
    }
}
