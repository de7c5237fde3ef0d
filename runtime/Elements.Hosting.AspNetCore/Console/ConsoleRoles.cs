namespace Elements.Hosting.AspNetCore.Console;

/// <summary>The roles that open the console: administrators see and act, viewers only see.</summary>
public static class ConsoleRoles
{
    public const string Admin = "roles.Admin";

    public const string Viewer = "roles.ConsoleViewer";
}
