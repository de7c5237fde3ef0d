namespace Elements.Hosting;

/// <summary>The stages of a load, in order.</summary>
public enum LoadStage
{
    /// <summary>Compiling the element code of each app root (only with an <see cref="IElementCodeCompiler"/>).</summary>
    Compiling,

    /// <summary>Reading the <c>e.json</c> files of each app of the hierarchy.</summary>
    Scanning,

    /// <summary>Resolving each element's layer, type chain, implementation and effective config.</summary>
    Resolving,

    /// <summary>Checking functions against classes and binding Instances' configs.</summary>
    Binding,
}
