namespace Elements.Loading.Rules;

/// <summary>Where <see cref="TypeChainRule"/> is with one node; <see cref="Visiting"/> marks the chain being walked,
/// so meeting such a node again is a type cycle.</summary>
internal enum ElementNodeState
{
    New,
    Visiting,
    Done,
}
