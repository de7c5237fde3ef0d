namespace Elements.Std.Tasks;

/// <summary>Error codes of scheduled tasks.</summary>
public static class TaskErrorCodes
{
    /// <summary>A task's config cannot be scheduled (bad time, repeat, cron, time zone, taskFunc or missing CustomFunc).</summary>
    public const string ConfigInvalid = "TASK_CONFIG_INVALID";

    /// <summary>The task's function threw something other than an <see cref="ElementException"/> (its message is not stored).</summary>
    public const string Failed = "TASK_FAILED";

    /// <summary>The run was cancelled (the host shut down while it ran).</summary>
    public const string Cancelled = "TASK_CANCELLED";

    /// <summary><c>elements tasks run NAME</c> named no task.</summary>
    public const string Unknown = "TASK_UNKNOWN";
}
