using System.ComponentModel.DataAnnotations;

namespace Elements.Std.Events;

/// <summary>e.json of an <c>events.NormalType</c> instance (JitAi's keys): sender is <c>services.MyService.EventName</c>.</summary>
public sealed class CustomEventConfig : EventConfig
{
    /// <summary>JitAi's default for custom events is 0: an instance subscribes only once it says <c>"enable": 1</c>.</summary>
    public override int Enable { get; set; }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Sender is not null && (Sender.Split('.') is not { Length: >= 3 } parts || parts.Any(string.IsNullOrWhiteSpace)))
        {
            yield return new ValidationResult($"sender '{Sender}' must be a service element's fullName and the event name, e.g. services.MyService.OrderPaid", [nameof(Sender)]);
        }
    }
}
