namespace Elements.Std.Auths;

/// <summary>Config of a <c>auths.loginTypes.PasswordType</c> instance.</summary>
public sealed class PasswordConfig
{
    /// <summary>1: <c>register</c> creates users; 0: it fails with AUTH_NOT_REGISTERED.</summary>
    public int AllowRegister { get; set; } = 1;
}
