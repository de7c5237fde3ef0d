namespace Elements.Data.Aggregation.Tql;

/// <summary>
/// A node of a TQL expression as JitAi writes it (<c>Select([F('region')], From(['models.Sales']), GroupBy(F('region')))</c>):
/// a call <c>Name(args)</c>, a list <c>[items]</c> or tuple <c>(items)</c>, a string or a number. <see cref="Start"/> and
/// <see cref="End"/> delimit its text, so a <c>Where(...)</c> argument can be handed to the Q parser as written.
/// </summary>
internal abstract record TqlNode(int Start, int End);

internal sealed record TqlCall(string Name, IReadOnlyList<TqlNode> Args, int Start, int End) : TqlNode(Start, End);

internal sealed record TqlList(IReadOnlyList<TqlNode> Items, int Start, int End) : TqlNode(Start, End);

internal sealed record TqlString(string Value, int Start, int End) : TqlNode(Start, End);

/// <summary>Anything else that is one token or an operator expression (<c>1</c>, <c>Q(...) &amp; Q(...)</c>, <c>-1</c>).</summary>
internal sealed record TqlRaw(string Text, int Start, int End) : TqlNode(Start, End);
