using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Elements.Configuration;
using Elements.Data.Errors;
using Elements.Data.Filters;

namespace Elements.Std.Events;

/// <summary>e.json of an <c>events.ModelType</c> instance (JitAi's keys): sender is the model's fullName.</summary>
public sealed class ModelEventConfig : EventConfig
{
    [Required]
    public string? Operate { get; set; }

    /// <summary>A Q expression evaluated on the row (postData; prevData for deletes).</summary>
    public string? Filter { get; set; }

    /// <summary>Fire only when one of these fields changed; empty: any change.</summary>
    public List<string> Fields { get; set; } = [];

    public override int Enable { get; set; } = 1;

    [JsonIgnore]
    public EventOperate ParsedOperate => Enum.Parse<EventOperate>(Operate!, ignoreCase: false);

    public override IEnumerable<ElementReference> GetReferences() =>
        Sender is null ? base.GetReferences() : base.GetReferences().Prepend(new ElementReference("sender", Sender) { Meta = "models.Meta" });

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!Enum.TryParse<EventOperate>(Operate, ignoreCase: false, out var operate) || int.TryParse(Operate, out _))
        {
            yield return new ValidationResult($"operate '{Operate}' is not one of {string.Join(", ", Enum.GetNames<EventOperate>())}", [nameof(Operate)]);
        }
        else if (AsyncType && operate is EventOperate.AddBefore or EventOperate.UpdateBefore or EventOperate.DeleteBefore)
        {
            yield return new ValidationResult($"a {operate} event runs inside the write to be able to refuse it, so it cannot be asynchronous (asyncType true)", [nameof(AsyncType)]);
        }

        string? filterProblem = null;
        if (!string.IsNullOrWhiteSpace(Filter))
        {
            try
            {
                Q.Parse(Filter);
            }
            catch (DataException ex)
            {
                filterProblem = $"filter is not a valid Q expression: {ex.Message}";
            }
        }

        if (filterProblem is not null)
        {
            yield return new ValidationResult(filterProblem, [nameof(Filter)]);
        }

        for (var i = 0; i < Fields.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Fields[i]))
            {
                yield return new ValidationResult("fields must name fields of the model", [$"fields[{i}]"]);
            }
        }
    }
}
