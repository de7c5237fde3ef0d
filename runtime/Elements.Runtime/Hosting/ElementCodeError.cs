namespace Elements.Hosting;

/// <summary>One compile error: <paramref name="File"/> is absolute, <paramref name="Line"/> and <paramref name="Column"/>
/// 1-based, <paramref name="Id"/> the compiler's code (e.g. <c>CS0029</c>).</summary>
public sealed record ElementCodeError(string File, int Line, int Column, string Id, string Message);
