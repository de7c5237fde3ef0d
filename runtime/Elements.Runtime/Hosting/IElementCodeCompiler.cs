using System.Reflection;

namespace Elements.Hosting;

/// <summary>
/// Turns the C# files of an app's element folders (derived Types, services' functions, <c>commons</c>) into an
/// assembly whenever the runtime loads or hot-reloads the app. The runtime itself knows no compiler: a host opts in
/// by registering one (Elements.Scripting's <c>AddCompiledElementCode()</c> registers the Roslyn one).
/// </summary>
public interface IElementCodeCompiler
{
    /// <summary>
    /// Called on every load and reload for each root of the app hierarchy, the loaded app first. Returns null when
    /// the root holds no code. The result is a lease: the runtime disposes it when the generation that used the
    /// assembly retires (or when the load fails), which lets the compiler unload code nobody uses any more.
    /// </summary>
    /// <param name="appRoot">Absolute path of the app folder.</param>
    /// <param name="references">Assemblies registered with the runtime (element classes the code may derive from).</param>
    ElementCode? Compile(string appRoot, IReadOnlyList<Assembly> references);
}
