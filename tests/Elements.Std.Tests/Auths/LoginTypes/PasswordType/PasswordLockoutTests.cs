using System.Text.Json.Nodes;
using Elements.Std.Auths;
using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Std.Tests.Auths.LoginTypes.PasswordType;

/// <summary>Failed password attempts lock a username, known or not, on SQLite and PostgreSQL.</summary>
public abstract class PasswordLockoutTests(IAppDatabase database) : AuthTestBase(database)
{
    private const string Locking = "auths.loginTypes.pwdLocking";
    private const string Secret = "correct-horse-battery-staple";

    [Fact]
    public async Task A_username_is_locked_after_the_threshold_whether_it_exists_or_not_and_unlocks_after_the_period()
    {
        // The period counts from the attempt that locks, which is then still checked: it must outlast one PBKDF2 run on
        // a loaded machine.
        UseLockingLogin(threshold: 3, seconds: 10);
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
            Assert.InRange((int)locked.Details!["retryAfterSeconds"]!, 1, 10);
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

    [Fact]
    public async Task Two_hundred_parallel_wrong_guesses_check_exactly_the_threshold_and_leave_the_username_locked()
    {
        UseLockingLogin(threshold: 10, seconds: 600);
        await InvokeAsync(Locking, "register", new JsonObject { ["username"] = "stormed", ["password"] = Secret });
        using var counter = new PasswordHashCounter(App.Services);

        var failures = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => LoginFailsAsync("stormed", "guess-" + i))));

        // Exactly the threshold's worth of guesses was checked (and answered "wrong"); every other one was refused
        // before its hash was computed.
        Assert.Equal(10, failures.Count(f => f.Code == AuthErrorCodes.InvalidCredentials));
        Assert.Equal(190, failures.Count(f => f.Code == AuthErrorCodes.LockedOut));
        Assert.Equal(10, counter.Verifications);

        // Failures that finished after the lock did not lift it: the right password is refused, and not checked.
        Assert.Equal(AuthErrorCodes.LockedOut, (await LoginFailsAsync("stormed", Secret)).Code);
        Assert.Equal(10, counter.Verifications);
    }

    [Fact]
    public async Task A_locked_username_costs_no_hashing_until_the_lock_ends_and_then_counts_afresh()
    {
        UseLockingLogin(threshold: 2, seconds: 10);
        await InvokeAsync(Locking, "register", new JsonObject { ["username"] = "patient", ["password"] = Secret });
        using var counter = new PasswordHashCounter(App.Services);

        await LoginFailsAsync("patient", "wrong-1");
        await LoginFailsAsync("patient", "wrong-2");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(AuthErrorCodes.LockedOut, (await LoginFailsAsync("patient", "wrong-" + i)).Code);
        }

        Assert.Equal(2, counter.Verifications);

        // After the lock, a fresh allowance: one more wrong guess does not lock again, the right password logs in.
        await EventuallyAsync(async () => (await LoginFailsAsync("patient", "wrong-again")).Code == AuthErrorCodes.InvalidCredentials);
        Assert.Equal(3, counter.Verifications);
        Assert.NotNull((await InvokeObjectAsync(Locking, "getLoginCode", Credentials("patient", Secret)))["loginCode"]);
        Assert.Equal(4, counter.Verifications);
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
        var deadline = DateTime.UtcNow.AddSeconds(40);
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
