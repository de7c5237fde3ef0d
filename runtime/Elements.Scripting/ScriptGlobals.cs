namespace Elements.Scripting;

/// <summary>What a script sees as globals: <c>app</c> (the loaded app) and <c>args</c> (the arguments after <c>--</c>).</summary>
#pragma warning disable IDE1006, CA1707 // The names are the scripts' API: lower case, as in JitAi.
public sealed class ScriptGlobals(ElementApp app, string[] args)
{
    public ElementApp app { get; } = app;

    public string[] args { get; } = args;
}
#pragma warning restore IDE1006, CA1707
