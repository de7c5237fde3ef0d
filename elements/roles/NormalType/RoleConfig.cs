using System.ComponentModel.DataAnnotations;

namespace Elements.Std.Roles;

/// <summary>Business config of a <c>roles.NormalType</c> instance, as JitAi's regular roles plus <c>rowPerm</c> and
/// <c>appliesTo</c>. Checked when the app loads: a misspelt verdict or pattern is a load error, never a silent deny.</summary>
public sealed class RoleConfig : IValidatableObject
{
    /// <summary>Function patterns → <c>allow</c> | <c>deny</c>.</summary>
    public Dictionary<string, string> ApiPerm { get; set; } = new(StringComparer.Ordinal);

    /// <summary>1: <see cref="ApiPerm"/> applies; 0: the role grants nothing.</summary>
    public int ApiPermSwitch { get; set; } = 1;

    /// <summary>Model patterns → <c>own</c> | <c>all</c>.</summary>
    public Dictionary<string, string> RowPerm { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>members</c> (default), <c>authenticated</c> or <c>everyone</c>.</summary>
    public string AppliesTo { get; set; } = "members";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiPermSwitch is not (0 or 1))
        {
            yield return new ValidationResult($"apiPermSwitch must be 0 or 1, not {ApiPermSwitch}", [nameof(ApiPermSwitch)]);
        }

        if (!RoleScopeNames.TryParse(AppliesTo, out _))
        {
            yield return new ValidationResult($"appliesTo must be 'members', 'authenticated' or 'everyone', not '{AppliesTo}'", [nameof(AppliesTo)]);
        }

        foreach (var (pattern, verdict) in ApiPerm)
        {
            if (!PermissionPattern.IsValid(pattern, withFunction: true))
            {
                yield return new ValidationResult(
                    $"apiPerm pattern '{pattern}' must be 'fullName.function', 'fullName.*', 'prefix.*' or '*'", [nameof(ApiPerm)]);
            }

            if (verdict is not ("allow" or "deny"))
            {
                yield return new ValidationResult($"apiPerm '{pattern}' must be 'allow' or 'deny', not '{verdict}'", [nameof(ApiPerm)]);
            }
        }

        foreach (var (pattern, verdict) in RowPerm)
        {
            if (!PermissionPattern.IsValid(pattern, withFunction: false))
            {
                yield return new ValidationResult($"rowPerm pattern '{pattern}' must be a model's full name, 'prefix.*' or '*'", [nameof(RowPerm)]);
            }

            if (verdict is not ("own" or "all"))
            {
                yield return new ValidationResult($"rowPerm '{pattern}' must be 'own' or 'all', not '{verdict}'", [nameof(RowPerm)]);
            }
        }
    }
}
