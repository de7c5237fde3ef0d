using System.Text.Json.Nodes;

namespace Elements.Data.Storage;

/// <summary>Result of a paged query: <c>{rowDatas, totalCount}</c>.</summary>
public sealed class QueryResult
{
    public QueryResult(JsonArray rowDatas, long totalCount)
    {
        RowDatas = rowDatas;
        TotalCount = totalCount;
    }

    public JsonArray RowDatas { get; }

    /// <summary>Rows matching the filter, ignoring paging.</summary>
    public long TotalCount { get; }

    public JsonObject ToJson() => new() { ["rowDatas"] = RowDatas.DeepClone(), ["totalCount"] = JsonNumber.Create(TotalCount) };
}
