namespace Elements.Hosting;

/// <summary>
/// How far a load (or reload) has got, reported to <see cref="ElementsOptions.LoadProgress"/>: <see cref="Completed"/>
/// of <see cref="Total"/> items of the current <see cref="Stage"/> (app roots while compiling and scanning, elements
/// while resolving and binding). Reported from the loading thread, a few hundred times at most per load.
/// </summary>
public sealed record LoadProgress(LoadStage Stage, int Completed, int Total, string? AppId = null)
{
    public override string ToString() => Stage switch
    {
        LoadStage.Compiling => $"compiling the code of {AppId} ({Completed}/{Total} apps)",
        LoadStage.Scanning => $"scanning {AppId} ({Completed}/{Total} apps)",
        LoadStage.Resolving => $"resolving elements ({Completed}/{Total})",
        LoadStage.Binding => $"checking functions and config ({Completed}/{Total})",
        _ => $"{Stage} ({Completed}/{Total})",
    };
}
