using System.ComponentModel.DataAnnotations;
using Elements.Configuration;

namespace Elements.Std.ApiAuths;

/// <summary>
/// Config of an <c>apiAuths.NormalType</c> instance (JitAi's business config): one machine client. The
/// <see cref="AccessSecret"/> belongs in the environment: write it as a <c>{{VAR}}</c> placeholder. An incomplete
/// config is a load diagnostic (EL0010), never an error at call time.
/// </summary>
public sealed class ApiAuthConfig : IValidatableObject
{
    public const int MaxAccessKeyLength = 128;

    /// <summary>Shorter secrets can be guessed offline from one signed request.</summary>
    public const int MinAccessSecretLength = 16;

    /// <summary>Identifies the client in <see cref="ApiAuthHeaders.AccessKey"/>; unique across the app's instances.</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>The HMAC key of the client's signatures; never shown (<c>***</c>), never logged.</summary>
    [Secret]
    public string AccessSecret { get; set; } = "";

    /// <summary>The functions the client may call (see <see cref="ApiClient.Allows"/>).</summary>
    public List<string> Apis { get; set; } = [];

    public string? Remark { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(AccessKey))
        {
            yield return new ValidationResult("'accessKey' is required (the client's identifier)", [nameof(AccessKey)]);
        }
        else if (AccessKey.Length > MaxAccessKeyLength || !AccessKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            yield return new ValidationResult(
                $"'accessKey' must be 1 to {MaxAccessKeyLength} characters of A-Z a-z 0-9 _ - . (it travels in an HTTP header)", [nameof(AccessKey)]);
        }

        // The value itself is never quoted.
        if (string.IsNullOrWhiteSpace(AccessSecret))
        {
            yield return new ValidationResult("'accessSecret' is required (write it as a {{VAR}} placeholder)", [nameof(AccessSecret)]);
        }
        else if (AccessSecret.Length < MinAccessSecretLength)
        {
            yield return new ValidationResult(
                $"'accessSecret' must be at least {MinAccessSecretLength} characters (e.g. `openssl rand -hex 32`)", [nameof(AccessSecret)]);
        }

        if (Apis is null || Apis.Count == 0)
        {
            yield return new ValidationResult(
                "'apis' is required: the functions the client may call, e.g. [\"services.OrderSvc.getOrderList\", \"models.Order.*\"]", [nameof(Apis)]);
        }
        else
        {
            for (var i = 0; i < Apis.Count; i++)
            {
                if (ApiPatterns.Problem(Apis[i]) is { } problem)
                {
                    yield return new ValidationResult($"'apis[{i}]' ('{Apis[i]}') {problem}", [$"{nameof(Apis)}[{i}]"]);
                }
            }
        }
    }

    public override string ToString() =>
        $"ApiAuthConfig {{ AccessKey = {AccessKey}, AccessSecret = {SecretRedactor.Mask}, Apis = [{string.Join(", ", Apis ?? [])}], Remark = {Remark} }}";
}
