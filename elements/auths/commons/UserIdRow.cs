namespace Elements.Std.Auths;

/// <summary>A typed read of the one column an account lookup needs: the user id.</summary>
internal sealed class UserIdRow
{
    public long UserId { get; set; }
}
