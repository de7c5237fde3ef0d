using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Elements.Configuration;

/// <summary>
/// DataAnnotations validation of a config object whose class is collectible (compiled element code), with the rules of
/// <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/> (all
/// properties, <c>[Required]</c> first and alone; then the class's attributes; then <see cref="IValidatableObject"/>),
/// but read straight from reflection: <see cref="Validator"/> caches every type it sees in process-wide tables
/// (its attribute store, TypeDescriptor), which would keep an unloaded app's code in memory for good.
/// </summary>
internal static class CollectibleValidator
{
    public static bool TryValidate(object instance, List<ValidationResult> results)
    {
        var type = instance.GetType();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
            {
                continue;
            }

            var attributes = property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToList();
            if (attributes.Count == 0)
            {
                continue;
            }

            var context = new ValidationContext(instance)
            {
                MemberName = property.Name,
                DisplayName = property.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? property.Name,
            };
            var value = property.GetValue(instance);
            if (attributes.OfType<RequiredAttribute>().FirstOrDefault() is { } required
                && required.GetValidationResult(value, context) is { } missing)
            {
                results.Add(missing);
                continue;
            }

            foreach (var attribute in attributes.Where(a => a is not RequiredAttribute))
            {
                if (attribute.GetValidationResult(value, context) is { } failed)
                {
                    results.Add(failed);
                }
            }
        }

        if (results.Count > 0)
        {
            return false;
        }

        var objectContext = new ValidationContext(instance) { DisplayName = type.Name };
        foreach (var attribute in type.GetCustomAttributes<ValidationAttribute>(inherit: true))
        {
            if (attribute.GetValidationResult(instance, objectContext) is { } failed)
            {
                results.Add(failed);
            }
        }

        if (results.Count == 0 && instance is IValidatableObject validatable)
        {
            results.AddRange(validatable.Validate(objectContext).Where(r => r != ValidationResult.Success));
        }

        return results.Count == 0;
    }
}
