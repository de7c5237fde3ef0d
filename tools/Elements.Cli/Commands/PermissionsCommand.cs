using System.CommandLine;
using System.Text.Json.Nodes;
using Elements.Std.Roles;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements permissions --app DIR [--as ROLE | --user ID] [--json]</c>: every HTTP-reachable function and who may call
/// it, decided by the host's own <see cref="ElementAuthorizer"/>. Without <c>--as</c>/<c>--user</c> the matrix
/// <c>[{function, anonymous, authenticated, roles}]</c>; with one, <c>[{function, allowed, reason}]</c> for a caller
/// holding that role (with the implicit roles) or that user's roles as stored in the app's database.
/// </summary>
internal static class PermissionsCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions();
        var json = CliOptions.Json();
        var asRole = new Option<string>("--as") { Description = "Decide for a caller holding this role (full name, e.g. roles.Admin)." };
        var user = new Option<long?>("--user") { Description = "Decide for this user id, with the roles the app's database gives it." };
        var command = new Command("permissions", "Show who may call every function the HTTP host serves.") { app, asRole, user, json };
        command.Validators.Add(result =>
        {
            if (result.GetResult(asRole) is not null && result.GetResult(user) is not null)
            {
                result.AddError("--as and --user cannot be used together.");
            }
        });
        command.SetAction((parse, cancellationToken) => CliOutput.GuardAsync(stderr, async () =>
        {
            using var loaded = app.Load(loader, parse);
            var authorizer = loaded.Services.GetRequiredService<ElementAuthorizer>();
            if (parse.GetValue(asRole) is null && parse.GetValue(user) is null)
            {
                WriteMatrix(stdout, authorizer.GetMatrix(), parse.GetValue(json));
                return 0;
            }

            var (roles, authenticated) = parse.GetValue(user) is { } userId
                ? (await authorizer.GetCallerRolesAsync(userId, cancellationToken), true)
                : RolesOf(authorizer, parse.GetValue(asRole)!);
            var rows = authorizer.ReachableFunctions().Select(p => (Function: $"{p.Element.FullName}.{p.Function.Name}",
                Decision: authorizer.Decide(roles, authenticated, p.Element, p.Function))).ToList();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(stdout, new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                {
                    ["function"] = r.Function,
                    ["allowed"] = r.Decision.Allowed,
                    ["reason"] = r.Decision.Reason,
                })]));
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("Function", "Allowed", "Why");
            foreach (var (function, decision) in rows)
            {
                table.AddRow(new Text(function), new Text(decision.Allowed ? "yes" : "no"), new Text(decision.Reason));
            }

            CliOutput.Console(stdout).Write(table);
            stdout.WriteLine($"{rows.Count(r => r.Decision.Allowed)} of {rows.Count} function(s) allowed for {string.Join(", ", roles.Select(r => r.FullName))}");
            return 0;
        }));
        return command;
    }

    /// <summary>A caller holding <paramref name="roleName"/>: anonymous for a role that applies to everyone, else a
    /// session (with the implicit roles of sessions besides).</summary>
    private static (IReadOnlyList<RoleElement> Roles, bool Authenticated) RolesOf(ElementAuthorizer authorizer, string roleName)
    {
        var role = authorizer.GetRoles().FirstOrDefault(r => string.Equals(r.FullName, roleName, StringComparison.Ordinal))
            ?? throw new ElementException(RoleSvcElement.UnknownRole,
                $"'{roleName}' is not a role; roles: {string.Join(", ", authorizer.GetRoles().Select(r => r.FullName))}");
        var authenticated = role.Scope != RoleScope.Everyone;
        return (authorizer.RolesFor(authenticated, [role.FullName]), authenticated);
    }

    private static void WriteMatrix(TextWriter stdout, IReadOnlyList<FunctionPermission> matrix, bool json)
    {
        if (json)
        {
            CliOutput.WriteJson(stdout, FunctionPermission.ToJson(matrix));
            return;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("Function", "Anonymous", "Authenticated", "Roles");
        foreach (var p in matrix)
        {
            table.AddRow(new Text(p.Function), new Text(p.Anonymous ? "yes" : "no"), new Text(p.Authenticated ? "yes" : "no"),
                new Text(string.Join(", ", p.Roles)));
        }

        CliOutput.Console(stdout).Write(table);
        stdout.WriteLine($"{matrix.Count} function(s) reachable over HTTP");
    }
}
