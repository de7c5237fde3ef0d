namespace Elements.Std.Auths;

/// <summary>Full names of the account models the account services read and write.</summary>
public static class AccountModels
{
    public const string User = "auths.models.UserModel";
    public const string LoginCode = "auths.models.LoginCodeModel";
    public const string BindCode = "auths.models.BindCodeModel";
    public const string Session = "auths.models.SessionModel";
    public const string Corp = "corps.models.CorpModel";
    public const string CorpMember = "corps.models.CorpMember";

    /// <summary>The Meta every login type descends from; its instances are asked for unionid matches.</summary>
    public const string LoginTypesMeta = "auths.loginTypes.Meta";

    /// <summary>The models every account operation may touch, synced before a transaction starts.</summary>
    public static IReadOnlyList<string> Core { get; } = [User, LoginCode, BindCode, Session, Corp, CorpMember];
}
