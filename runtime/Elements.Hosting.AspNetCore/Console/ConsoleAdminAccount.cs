using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Std.Auths;
using Elements.Std.Models;
using Elements.Std.Roles;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// Sandbox mode's local administrator, <c>console-admin</c>: a user without any login (no password, no WeChat
/// identity), a member of <see cref="ConsoleRoles.Admin"/>, signed in only through <see cref="SandboxSignInLink"/>.
/// It is looked up among the Admin members only: any user may name itself "console-admin", none may make itself one.
/// </summary>
internal sealed partial class ConsoleAdminAccount(
    ElementApp app, UserAccounts users, SessionService sessions, IOptions<ConsoleOptions> options, ILogger<ConsoleAdminAccount> logger)
{
    public const string Username = "console-admin";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A new session of the local administrator (created on first use): <c>{token, userId}</c>.</summary>
    public async Task<JsonObject> SignInAsync(CancellationToken cancellationToken)
    {
        var userId = await EnsureAsync(cancellationToken);
        var session = await sessions.CreateAsync(userId, options.Value.SandboxSessionLifetime, cancellationToken);
        LogSignedIn(logger, userId);
        return new JsonObject { ["token"] = session["token"]?.DeepClone(), ["userId"] = userId };
    }

    private async Task<long> EnsureAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var members = app.GetElement<ModelElement>(ElementAuthorizer.MemberModel);
            var admins = await members.QueryAsync<MemberRow>(Q.Eq("roleName", ConsoleRoles.Admin), cancellationToken: cancellationToken);
            foreach (var member in admins)
            {
                if (await users.GetAsync(member.UserId, cancellationToken) is { } user && (string?)user["name"] == Username)
                {
                    return member.UserId;
                }
            }

            var created = await users.CreateAsync(new JsonObject { ["name"] = Username }, cancellationToken);
            var userId = (long)created["userId"]!;
            // A trusted in-process call: the same operation an operator runs with `elements invoke`.
            await app.InvokeAsync("roles.services.RoleSvc", "addMember",
                new JsonObject { ["userId"] = userId, ["roleName"] = ConsoleRoles.Admin }, cancellationToken);
            LogCreated(logger, userId);
            return userId;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class MemberRow
    {
        public long UserId { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the sandbox console administrator (user {UserId})")]
    private static partial void LogCreated(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The sandbox console link signed in user {UserId}")]
    private static partial void LogSignedIn(ILogger logger, long userId);
}
