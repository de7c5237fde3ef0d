using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Std.Events;

/// <summary>
/// <c>events.ModelType</c>: a handler for changes of one model's rows (see <see cref="ModelWriteEvents"/> for when it
/// runs). An <c>Inner</c> event brings its own class deriving from this one with a <c>CustomFunc(JsonObject eventOutData)</c>.
/// </summary>
[ElementType("events.ModelType", ConfigType = typeof(ModelEventConfig), CodeBehindInstances = true)]
public class ModelEventElement : EventElement
{
    private readonly Q? _filter;

    public ModelEventElement(ElementContext context, ModelEventConfig config)
        : base(context, config)
    {
        Operate = config.ParsedOperate;
        FilterQ = string.IsNullOrWhiteSpace(config.Filter) ? null : config.Filter;
        _filter = FilterQ is null ? null : Q.Parse(FilterQ);
        Fields = [.. config.Fields];
    }

    public EventOperate Operate { get; }

    /// <summary>The Q expression (JitAi's filterQ), or null.</summary>
    public string? FilterQ { get; }

    public IReadOnlyList<string> Fields { get; }

    /// <summary>JitAi's getSender: <c>{modelFullName}_{operate}</c>.</summary>
    public override string GetSender() => $"{Sender}_{Operate}";

    /// <summary>JitAi's isValid: the filter holds and a watched field changed.</summary>
    public virtual bool IsValid(ModelStore store, JsonObject? prevData, JsonObject? postData) =>
        IsFilterValid(store, prevData, postData) && IsFieldValid(prevData, postData);

    /// <summary>The filter, on postData (prevData when the row is gone), decided in memory by the model's store.</summary>
    public virtual bool IsFilterValid(ModelStore store, JsonObject? prevData, JsonObject? postData)
    {
        ArgumentNullException.ThrowIfNull(store);
        return _filter is null || (postData ?? prevData) is not { } row || store.GetCompareResult(_filter, row);
    }

    /// <summary>True when <see cref="Fields"/> is empty or one of them differs between prevData and postData.</summary>
    public virtual bool IsFieldValid(JsonObject? prevData, JsonObject? postData) =>
        Fields.Count == 0 || Fields.Any(f => !JsonNode.DeepEquals(prevData?[f], postData?[f]));

    /// <summary>JitAi's buildEmptyDict: every field of the model, null.</summary>
    public JsonObject BuildEmptyDict(ModelSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var row = new JsonObject();
        foreach (var field in schema.Fields)
        {
            row[field.Name] = null;
        }

        return row;
    }
}
