namespace Elements.Std.Auths;

/// <summary>Config of a <c>auths.loginTypes.PasswordType</c> instance.</summary>
public sealed class PasswordConfig
{
    /// <summary>1: <c>register</c> creates users; 0: it fails with AUTH_NOT_REGISTERED.</summary>
    public int AllowRegister { get; set; } = 1;

    /// <summary>Failed attempts on one username that lock it (0: never lock).</summary>
    public int LockoutThreshold { get; set; } = 10;

    /// <summary>How long a username stays locked, and how long failures are remembered, in seconds.</summary>
    public int LockoutSeconds { get; set; } = 900;
}
