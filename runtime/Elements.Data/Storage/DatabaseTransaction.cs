using Elements.Data.Errors;

namespace Elements.Data.Storage;

/// <summary>
/// Handle returned by <see cref="Database.BeginTransactionAsync"/>. While it is open, model operations on the same
/// database in the same async flow join it. A nested begin returns a joined handle: its commit does nothing, its
/// rollback (or disposal without commit) makes the outer commit fail, so the whole unit is all-or-nothing.
/// Dispose without commit rolls back.
/// </summary>
public sealed class DatabaseTransaction : IAsyncDisposable
{
    private readonly AmbientTransaction _state;
    private bool _done;

    internal DatabaseTransaction(AmbientTransaction state, bool isOwner)
    {
        _state = state;
        IsOwner = isOwner;
    }

    /// <summary>False when this handle joined an enclosing transaction.</summary>
    public bool IsOwner { get; }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_done)
        {
            throw new DataException(DataErrorCodes.Transaction, "The transaction has already completed.");
        }

        _done = true;
        if (IsOwner)
        {
            await _state.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RollbackAsync()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        if (IsOwner)
        {
            await _state.RollbackAsync().ConfigureAwait(false);
        }
        else
        {
            _state.RollbackOnly = true;
        }
    }

    // Not async on purpose: clearing the AsyncLocal must happen in the caller's execution context.
    public ValueTask DisposeAsync()
    {
        if (!IsOwner)
        {
            if (!_done)
            {
                _state.RollbackOnly = true;
            }

            _done = true;
            return default;
        }
        _done = true;
        _state.Database.ClearAmbient(_state);
        return _state.DisposeAsync();
    }
}
