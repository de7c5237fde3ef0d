namespace Elements.Diagnostics;

/// <summary>
/// One problem found while loading an app. <see cref="ToString"/> is the compiler-style line tools and editors parse:
/// <c>path(line,col): error ELnnnn: message</c>, with <see cref="Path"/> relative to the app root and forward slashes.
/// The codes are listed in <c>docs/diagnostics.md</c>.
/// </summary>
public sealed record ElementDiagnostic(string Code, string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}({Line},{Column}): error {Code}: {Message}";
}
