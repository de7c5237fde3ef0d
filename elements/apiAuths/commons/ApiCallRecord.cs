namespace Elements.Std.ApiAuths;

/// <summary>One signed API call for <c>apiAuths.models.ApiCallLogModel</c>; <see cref="Code"/> is <c>ok</c> or the error code.</summary>
public sealed record ApiCallRecord(
    string AccessKey,
    string RequestId,
    string? Ip,
    string Path,
    string Element,
    string Function,
    double DurationMs,
    string Code);
