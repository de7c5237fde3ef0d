using System.Text.Json.Nodes;

namespace Elements.Data.Storage;

/// <summary>
/// Numbers as JSON values that convert to every numeric type, as parsed JSON does. <c>JsonValue.Create(long)</c>
/// holds a boxed long that only <c>(long)</c> reads: <c>(int)row["id"]</c> in a script or a service would throw
/// "Int64 cannot be converted to Int32" although the number fits. One value is a batch of one
/// (<see cref="JsonNumberBatch"/> writes and parses them).
/// </summary>
internal static class JsonNumber
{
    public static JsonValue Create(long value)
    {
        var batch = new JsonNumberBatch();
        batch.Add(value);
        return JsonValue.Create(batch.Parse()[0])!;
    }

    public static JsonValue Create(decimal value)
    {
        var batch = new JsonNumberBatch();
        batch.Add(value);
        return JsonValue.Create(batch.Parse()[0])!;
    }
}
