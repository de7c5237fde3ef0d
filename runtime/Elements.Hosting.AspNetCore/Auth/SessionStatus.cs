namespace Elements.Hosting.AspNetCore.Auth;

public enum SessionStatus
{
    Valid = 0,

    /// <summary>Unknown, expired or malformed token.</summary>
    Invalid = 1,

    /// <summary>The app has no way to check sessions (no auth service element): nobody can be logged in.</summary>
    Unavailable = 2,
}
