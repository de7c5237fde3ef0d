using Elements.Diagnostics;
using Elements.Std.Roles;
using Elements.Std.Tests.Support;
using Elements.Testing.Files;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Roles;

/// <summary>
/// How <see cref="ElementAuthorizer"/> decides across roles: the most specific pattern wins, deny wins a tie, nothing
/// matching is a deny; a role's switch, its <c>appliesTo</c> and <c>rowPerm</c>; and which elements can be named at all.
/// </summary>
public sealed class RoleDecisionTests : IDisposable
{
    private const string Order = """
        { "title": "Orders", "type": "models.NormalType",
          "fields": [{ "name": "id", "dataType": "AutoInt", "primaryKey": true }, { "name": "userId", "dataType": "Integer" }] }
        """;

    private readonly AppFolder _folder = AppFolder.Create();

    public RoleDecisionTests()
    {
        _folder.WriteElement("models.Order", Order);
        _folder.WriteElement("models.Invoice", Order.Replace("Orders", "Invoices", StringComparison.Ordinal));
        _folder.WriteElement("shop.models.Cart", Order.Replace("Orders", "Carts", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    // The element's own function beats its ".*", which beats a prefix, which beats "*".
    [InlineData("""{"models.*": "allow", "models.Order.deleteByPK": "deny"}""", "models.Order", "deleteByPK", false)]
    [InlineData("""{"models.*": "allow", "models.Order.deleteByPK": "deny"}""", "models.Order", "query", true)]
    [InlineData("""{"models.Order.*": "deny", "models.Order.query": "allow"}""", "models.Order", "query", true)]
    [InlineData("""{"*": "allow", "models.*": "deny"}""", "models.Invoice", "query", false)]
    [InlineData("""{"shop.*": "deny", "shop.models.*": "allow"}""", "shop.models.Cart", "get", true)]
    // A Type's (or Meta's) name applies to its instances, less specifically than the instance's own name.
    [InlineData("""{"models.NormalType.query": "allow"}""", "models.Invoice", "query", true)]
    [InlineData("""{"models.NormalType.*": "deny", "models.Order.get": "allow"}""", "models.Order", "get", true)]
    [InlineData("""{"models.Meta.*": "allow", "models.NormalType.*": "deny"}""", "models.Order", "get", false)]
    [InlineData("""{"models.NormalType.*": "allow", "*": "deny"}""", "models.Order", "get", true)]
    // Nothing matching is a deny; a prefix must end at a dot.
    [InlineData("""{"models.Ord.*": "allow"}""", "models.Order", "get", false)]
    [InlineData("""{}""", "models.Order", "get", false)]
    public void The_most_specific_pattern_of_the_callers_roles_decides(string apiPerm, string element, string function, bool allowed)
    {
        WriteRole("roles.Tester", $$"""{"appliesTo": "members", "apiPerm": {{apiPerm}}}""");
        using var app = _folder.Load();
        var authorizer = app.Services.GetRequiredService<ElementAuthorizer>();

        var decision = Decide(app, authorizer.RolesFor(authenticated: true, ["roles.Tester"]), element, function);

        Assert.Equal(allowed, decision.Allowed);
    }

    [Fact]
    public void Deny_wins_a_tie_between_roles_and_a_switched_off_role_grants_nothing()
    {
        WriteRole("roles.Sellers", """{"apiPerm": {"models.Order.*": "allow"}}""");
        WriteRole("roles.Auditors", """{"apiPerm": {"models.Order.*": "deny"}}""");
        WriteRole("roles.Off", """{"apiPerm": {"*": "allow"}, "apiPermSwitch": 0, "rowPerm": {"*": "all"}}""");
        using var app = _folder.Load();
        var authorizer = app.Services.GetRequiredService<ElementAuthorizer>();

        Assert.True(Decide(app, authorizer.RolesFor(true, ["roles.Sellers"]), "models.Order", "query").Allowed);
        Assert.False(Decide(app, authorizer.RolesFor(true, ["roles.Sellers", "roles.Auditors"]), "models.Order", "query").Allowed);
        Assert.False(Decide(app, authorizer.RolesFor(true, ["roles.Auditors", "roles.Sellers"]), "models.Order", "query").Allowed);
        var off = authorizer.RolesFor(true, ["roles.Off"]);
        Assert.False(Decide(app, off, "models.Order", "query").Allowed);
        Assert.False(ElementAuthorizer.SeesAllRows(off, app.GetElementDefine("models.Order")));
    }

    [Fact]
    public void Implicit_roles_apply_by_their_scope_and_member_roles_only_when_named()
    {
        WriteRole("roles.Visitors", """{"appliesTo": "everyone", "apiPerm": {"models.Order.query": "allow"}}""");
        WriteRole("roles.Customers", """{"appliesTo": "authenticated", "apiPerm": {"models.Order.create": "allow"}}""");
        WriteRole("roles.Clerks", """{"apiPerm": {"models.Order.deleteByPK": "allow"}}""");
        using var app = _folder.Load();
        var authorizer = app.Services.GetRequiredService<ElementAuthorizer>();
        var anonymous = authorizer.RolesFor(false, ["roles.Clerks"]);
        var user = authorizer.RolesFor(true, ["roles.NoSuchRole", "roles.Visitors"]);

        Assert.Contains(anonymous, r => r.FullName == "roles.Visitors");
        Assert.DoesNotContain(anonymous, r => r.FullName == "roles.Customers");
        Assert.Contains(user, r => r.FullName == "roles.Customers");
        Assert.DoesNotContain(user, r => r.FullName == "roles.Clerks");
        // A login-required function is refused to an anonymous caller whatever its roles say.
        Assert.Equal(PermissionDecision.LoginRequired, authorizer.Decide(anonymous, false, app.GetElementDefine("models.Order"),
            app.GetElementDefine("models.Order").Functions.Single(f => f.Name == "query")));
        Assert.True(Decide(app, authorizer.RolesFor(true, ["roles.Clerks"]), "models.Order", "deleteByPK").Allowed);
        Assert.False(Decide(app, user, "models.Order", "deleteByPK").Allowed);
    }

    [Fact]
    public void Row_permission_is_all_when_one_role_says_so_most_specifically()
    {
        WriteRole("roles.Managers", """{"rowPerm": {"*": "own", "models.Order": "all"}}""");
        WriteRole("roles.Readers", """{"rowPerm": {"models.*": "all", "models.Invoice": "own"}}""");
        using var app = _folder.Load();
        var authorizer = app.Services.GetRequiredService<ElementAuthorizer>();
        var managers = authorizer.RolesFor(true, ["roles.Managers"]);
        var readers = authorizer.RolesFor(true, ["roles.Readers"]);

        Assert.True(ElementAuthorizer.SeesAllRows(managers, app.GetElementDefine("models.Order")));
        Assert.False(ElementAuthorizer.SeesAllRows(managers, app.GetElementDefine("models.Invoice")));
        Assert.False(ElementAuthorizer.SeesAllRows(readers, app.GetElementDefine("models.Invoice")));
        Assert.False(ElementAuthorizer.SeesAllRows(authorizer.RolesFor(true, ["roles.Managers", "roles.Readers"]), app.GetElementDefine("models.Invoice")));
        Assert.True(ElementAuthorizer.SeesAllRows([.. managers, .. readers], app.GetElementDefine("models.Order")));
        Assert.True(authorizer.CreateCaller(7, managers).SeesAllRowsOf("models.Order"));
        Assert.False(authorizer.CreateCaller(7, managers).SeesAllRowsOf("models.NoSuchModel"));
    }

    [Theory]
    [InlineData("""{"apiPerm": {"models.Order.query": "yes"}}""", "'allow' or 'deny'")]
    [InlineData("""{"apiPerm": {"models.*.query": "allow"}}""", "apiPerm pattern 'models.*.query'")]
    [InlineData("""{"apiPerm": {"models": "allow"}}""", "apiPerm pattern 'models'")]
    [InlineData("""{"rowPerm": {"models.Order": "mine"}}""", "'own' or 'all'")]
    [InlineData("""{"appliesTo": "friends"}""", "appliesTo")]
    [InlineData("""{"apiPermSwitch": 2}""", "apiPermSwitch")]
    public void A_misspelt_role_is_a_load_diagnostic_naming_what_is_wrong(string config, string message)
    {
        WriteRole("roles.Broken", config);

        var ex = Assert.Throws<ElementLoadException>(_folder.Load);

        var diagnostic = Assert.Single(ex.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidConfig, diagnostic.Code);
        Assert.Contains("roles.Broken", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_instances_that_are_not_internal_nor_inside_a_type_can_be_named()
    {
        _folder.WriteElement("models.Secret", Order.Replace("\"Orders\",", "\"Secrets\", \"internal\": true,", StringComparison.Ordinal));
        _folder.WriteElement("services.HelloType", """{ "title": "Hello type", "type": "services.Meta" }""");
        _folder.WriteElement("services.HelloType.models.Part", Order);
        using var app = _folder.Load();
        var authorizer = app.Services.GetRequiredService<ElementAuthorizer>();

        Assert.True(authorizer.IsReachable(app.GetElementDefine("models.Order")));
        Assert.True(authorizer.IsReachable(app.GetElementDefine("roles.services.RoleSvc")));
        Assert.False(authorizer.IsReachable(app.GetElementDefine("models.Secret")));
        Assert.True(app.GetElementDefine("models.Secret").IsInternal);
        Assert.False(authorizer.IsReachable(app.GetElementDefine("models.NormalType")));
        Assert.False(authorizer.IsReachable(app.GetElementDefine("models.Meta")));
        Assert.False(authorizer.IsReachable(app.GetElementDefine("services.HelloType")));
        Assert.False(authorizer.IsReachable(app.GetElementDefine("services.HelloType.models.Part")));
        Assert.False(authorizer.IsReachable(app.GetElementDefine("auths.loginTypes.PasswordType")));
        Assert.False(authorizer.IsReachable(app.GetElementDefine("auths.models.SessionModel")));
        Assert.DoesNotContain(authorizer.GetMatrix(), p => p.Function.StartsWith("models.Secret.", StringComparison.Ordinal));
    }

    [Fact]
    public void An_internal_flag_that_is_not_a_boolean_is_a_load_diagnostic()
    {
        _folder.WriteElement("models.Odd", Order.Replace("\"Orders\",", "\"Odd\", \"internal\": \"yes\",", StringComparison.Ordinal));

        var ex = Assert.Throws<ElementLoadException>(_folder.Load);

        Assert.Contains(ex.Diagnostics, d => d.Code == DiagnosticCodes.InvalidProperty && d.Message.Contains("internal of 'models.Odd'", StringComparison.Ordinal));
    }

    private void WriteRole(string fullName, string config) =>
        AppFiles.WriteElement(_folder.Path, fullName, """{"title": "Test role", "type": "roles.NormalType"}""",
            fullName[(fullName.LastIndexOf('.') + 1)..] + ".json", config);

    private static PermissionDecision Decide(ElementApp app, IReadOnlyList<RoleElement> roles, string element, string function)
    {
        var definition = app.GetElementDefine(element);
        return app.Services.GetRequiredService<ElementAuthorizer>().Decide(roles, true, definition, definition.Functions.Single(f => f.Name == function));
    }
}
