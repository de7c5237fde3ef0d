namespace Elements.Std.Tasks;

/// <summary>The <c>outcome</c> values of <c>tasks.models.TaskHistoryModel</c>.</summary>
public static class TaskOutcomes
{
    public const string Success = "success";

    public const string Fail = "fail";

    /// <summary>A misfire dropped by the task's <c>misfire: skip</c> policy.</summary>
    public const string Skipped = "skipped";
}
