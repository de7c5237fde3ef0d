using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Elements.Configuration;

namespace Elements.Std.Events;

/// <summary>The e.json keys every event shares, with JitAi's names: sender, funcType, func, asyncType, enable. The
/// loader checks that the elements they name exist (<see cref="GetReferences"/>).</summary>
public abstract partial class EventConfig : IValidatableObject, IElementReferences
{
    [Required]
    public string? Sender { get; set; }

    /// <summary><c>Global</c> (default) or <c>Inner</c>.</summary>
    public string? FuncType { get; set; }

    /// <summary>For <c>Global</c>: <c>services.X.fn</c>, a function of a service element.</summary>
    public string? Func { get; set; }

    public bool AsyncType { get; set; }

    /// <summary>1 enabled, 0 disabled; the default differs per Type (JitAi: 1 for model events, 0 for custom events).</summary>
    public abstract int Enable { get; set; }

    public EventFuncType ParsedFuncType => string.Equals(FuncType, "Inner", StringComparison.OrdinalIgnoreCase) ? EventFuncType.Inner : EventFuncType.Global;

    /// <summary>The element and function of <see cref="Func"/>: <c>services.X.fn</c> → (<c>services.X</c>, <c>fn</c>).</summary>
    public (string Element, string Function) SplitFunc()
    {
        var func = Func ?? "";
        var dot = func.LastIndexOf('.');
        return (func[..Math.Max(dot, 0)], func[(dot + 1)..]);
    }

    public virtual IEnumerable<ElementReference> GetReferences()
    {
        if (ParsedFuncType == EventFuncType.Global && Func is not null)
        {
            var (element, function) = SplitFunc();
            yield return new ElementReference("func", element) { Function = function };
        }
    }

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FuncType is not null && !Enum.TryParse<EventFuncType>(FuncType, ignoreCase: true, out _))
        {
            yield return new ValidationResult($"funcType '{FuncType}' is not Global or Inner", [nameof(FuncType)]);
        }

        if (Enable is not (0 or 1))
        {
            yield return new ValidationResult($"enable must be 1 or 0, not {Enable}", [nameof(Enable)]);
        }

        if (ParsedFuncType == EventFuncType.Global && (Func is null || !FuncPattern().IsMatch(Func)))
        {
            yield return new ValidationResult(
                Func is null ? "funcType Global needs func: the service function to call, e.g. services.NotificationSvc.send" : $"func '{Func}' is not an element function name like services.NotificationSvc.send",
                [Func is null ? nameof(FuncType) : nameof(Func)]);
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){2,}$")]
    private static partial Regex FuncPattern();
}
