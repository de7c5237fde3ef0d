namespace Elements.Hosting.AspNetCore.Console;

/// <summary>The signed-in user of a console request, as <see cref="ConsoleGate"/> established it.</summary>
/// <param name="DisplayName">The user's name as the session holds it.</param>
/// <param name="CanWrite">A member of <see cref="ConsoleRoles.Admin"/>: may act, not only look.</param>
internal sealed record ConsoleUser(long UserId, string? DisplayName, IReadOnlyList<string> Roles, bool CanWrite);
