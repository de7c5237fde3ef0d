using Elements.Hosting;

namespace Elements.Runtime.Tests.Support;

/// <summary>Waits for a watched app's reload.</summary>
internal static class Reloads
{
    /// <summary>Makes <paramref name="change"/> and returns the reload it causes (or fails after the timeout, 15 s by
    /// default).</summary>
    public static async Task<ElementsReloadedEventArgs> NextAsync(ElementApp app, Action change, TimeSpan? timeout = null)
    {
        var reloaded = new TaskCompletionSource<ElementsReloadedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, ElementsReloadedEventArgs e) => reloaded.TrySetResult(e);
        app.Reloaded += Handler;
        try
        {
            change();
            return await reloaded.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
        }
        finally
        {
            app.Reloaded -= Handler;
        }
    }
}
