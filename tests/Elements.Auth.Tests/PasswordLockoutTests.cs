using System.Text.Json.Nodes;
using Elements.Auth.Tests.Infrastructure;
using Elements.Std.Auths;
using Elements.Testing;

namespace Elements.Auth.Tests;

/// <summary>Failed password attempts lock a username, known or not, on SQLite and PostgreSQL.</summary>
public abstract class PasswordLockoutTests(IAppDatabase database) : AuthTestBase(database)
{
    private const string Locking = "auths.loginTypes.pwdLocking";
    private const string Secret = "correct-horse-battery-staple";

    [Fact]
    public async Task A_username_is_locked_after_the_threshold_whether_it_exists_or_not_and_unlocks_after_the_period()
    {
        UseLockingLogin(threshold: 3, seconds: 2);
        await InvokeAsync(Locking, "register", new JsonObject { ["username"] = "locky", ["password"] = Secret });

        foreach (var username in new[] { "locky", "nobody-at-all" })
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(AuthErrorCodes.InvalidCredentials, (await LoginFailsAsync(username, "wrong-" + i)).Code);
            }

            // Locked: even the right password is refused, and a known and an unknown username look alike.
            var locked = await LoginFailsAsync(username, Secret);
            Assert.Equal(AuthErrorCodes.LockedOut, locked.Code);
            Assert.InRange((int)locked.Details!["retryAfterSeconds"]!, 1, 2);
        }

        await EventuallyAsync(async () =>
        {
            try
            {
                return (long?)(await InvokeObjectAsync(Locking, "getLoginCode", Credentials("locky", Secret)))["userId"] > 0;
            }
            catch (ElementException ex) when (ex.Code == AuthErrorCodes.LockedOut)
            {
                return false;
            }
        });
    }

    [Fact]
    public async Task A_success_forgets_the_failures_before_it()
    {
        UseLockingLogin(threshold: 3, seconds: 600);
        await InvokeAsync(Locking, "register", new JsonObject { ["username"] = "forgiven", ["password"] = Secret });

        for (var round = 0; round < 3; round++)
        {
            await LoginFailsAsync("forgiven", "wrong-1");
            await LoginFailsAsync("forgiven", "wrong-2");
            Assert.NotNull((await InvokeObjectAsync(Locking, "getLoginCode", Credentials("forgiven", Secret)))["loginCode"]);
        }
    }

    [Fact]
    public async Task Concurrent_failures_are_all_counted()
    {
        UseLockingLogin(threshold: 8, seconds: 600);
        await InvokeAsync(Locking, "register", new JsonObject { ["username"] = "raced", ["password"] = Secret });

        var failures = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => LoginFailsAsync("raced", "wrong-" + i)));

        Assert.All(failures, f => Assert.Equal(AuthErrorCodes.InvalidCredentials, f.Code));
        Assert.Equal(AuthErrorCodes.LockedOut, (await LoginFailsAsync("raced", Secret)).Code);
    }

    private void UseLockingLogin(int threshold, int seconds)
    {
        Folder.WriteElement(Locking, $$"""
            {"type": "auths.loginTypes.PasswordType", "title": "Password login that locks", "lockoutThreshold": {{threshold}}, "lockoutSeconds": {{seconds}}}
            """);
        Assert.True(App.Reload().Succeeded);
    }

    private Task<ElementException> LoginFailsAsync(string username, string password) =>
        FailsAsync(Locking, "getLoginCode", Credentials(username, password));

    private static JsonObject Credentials(string username, string password) => new() { ["username"] = username, ["password"] = password };

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the lockout did not end");
            await Task.Delay(200);
        }
    }
}

public sealed class SqlitePasswordLockoutTests() : PasswordLockoutTests(new SqliteAppDatabase());

[Collection(PostgresCollection.Name)]
public sealed class PostgresPasswordLockoutTests(PostgresServer server) : PasswordLockoutTests(new PostgresAppDatabase(server));
