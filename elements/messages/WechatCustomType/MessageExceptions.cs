using System.Text.Json.Nodes;

namespace Elements.Std.Messages;

/// <summary>An argument of a message function is invalid; raised before any request is made. Messages never quote
/// the message content.</summary>
public sealed class MessageValidationException : ElementException
{
    public MessageValidationException(string code, string field, string message)
        : base(code, message)
    {
        Field = field;
    }

    /// <summary>The argument (or <c>articles[0].url</c>-style path) that is wrong.</summary>
    public string Field { get; }

    public override JsonObject? Details => new() { ["field"] = Field };
}

/// <summary>
/// <c>MSG_BATCH_STOPPED</c>: a batch without continueOnFail stopped at its first failed item. The items before it were
/// sent (<see cref="Sent"/>), the failed one and those after it were not. The item's own error is the inner exception.
/// </summary>
public sealed class MessageBatchStoppedException : ElementException
{
    public MessageBatchStoppedException(int sent, int failedIndex, int total, MessageBatchItemError error, Exception innerException)
        : base(
            MessageErrorCodes.BatchStopped,
            $"batch stopped at item {failedIndex} of {total} ({error.Code}: {error.Message}); {sent} message(s) sent before it, "
            + $"{total - sent} not sent",
            innerException)
    {
        Sent = sent;
        FailedIndex = failedIndex;
        Total = total;
        Error = error;
    }

    /// <summary>How many messages were delivered before the batch stopped.</summary>
    public int Sent { get; }

    /// <summary>The zero-based index of the item that failed.</summary>
    public int FailedIndex { get; }

    public int Total { get; }

    public MessageBatchItemError Error { get; }

    public override JsonObject? Details => new()
    {
        ["sent"] = Sent,
        ["failedIndex"] = FailedIndex,
        ["total"] = Total,
        ["error"] = Error.ToJson(),
    };
}
