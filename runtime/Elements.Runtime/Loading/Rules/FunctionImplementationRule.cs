using Elements.Diagnostics;
using Elements.Invocation;

namespace Elements.Loading.Rules;

/// <summary>Decides that every function of a functionList has a method in the element's class (EL0011), checked
/// where the class or the list is declared: an Instance inheriting both was checked at its Type.</summary>
internal sealed class FunctionImplementationRule(DiagnosticBag diagnostics)
{
    public void Apply(ElementNode node)
    {
        if (node.Implementation is not { } implementation || (node.OwnImplementation is null && node.Raw.Functions is null))
        {
            return;
        }

        for (var i = 0; i < node.Functions.Count; i++)
        {
            var function = node.Functions[i];
            if (FunctionResolver.Find(implementation.Type, function.Name) is null)
            {
                var message = $"function '{function.Name}' of '{node.Raw.FullName}' has no implementation: "
                    + $"{implementation.Type.FullName} has no method {FunctionResolver.ExpectedNames(function.Name)}";
                if (node.Raw.Functions is not null)
                {
                    diagnostics.AddAt(DiagnosticCodes.MissingFunction, node.Raw.EJsonPath, ["functionList", i], message);
                }
                else
                {
                    // The list is the type's, so there is no entry in this e.json to point at.
                    diagnostics.Add(DiagnosticCodes.MissingFunction, node.Raw.EJsonPath, message);
                }
            }
        }
    }
}
