using System.ComponentModel.DataAnnotations;

namespace Elements.Runtime.Tests.TestElements;

/// <summary>Config whose own validation code crashes on some input (as a config class with a bug would).</summary>
public sealed class ThrowingValidationConfig : IValidatableObject
{
    public List<string> Items { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The bug: a JSON null binds as null, and Count throws.
        if (Items.Count > 3)
        {
            yield return new ValidationResult("too many items");
        }
    }
}
