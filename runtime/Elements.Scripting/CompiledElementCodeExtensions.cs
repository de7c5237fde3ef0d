using Elements.Hosting;
using Elements.Scripting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Lets the runtime compile the C# of element folders itself, at load and on every hot reload.</summary>
public static class CompiledElementCodeExtensions
{
    /// <summary>
    /// Registers <see cref="ElementCodeCompiler"/> as the app's <see cref="IElementCodeCompiler"/>: <c>.cs</c> files in
    /// element folders are compiled with Roslyn into one collectible assembly per app (and per library root that has
    /// code), compile errors fail the load (and a hot reload, which then keeps the previous elements) as EL0015
    /// diagnostics, and a retired generation's code is unloaded.
    /// </summary>
    public static ElementsBuilder AddCompiledElementCode(this ElementsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ElementCodeCompiler>();
        builder.Services.TryAddSingleton<IElementCodeCompiler>(sp => sp.GetRequiredService<ElementCodeCompiler>());
        return builder;
    }
}
