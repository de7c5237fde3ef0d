using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Elements.Std.Auths;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths.LoginTypes.PasswordType;

/// <summary>Runs alone: the timing comparison must not share the CPU with the 200-way races of other classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

/// <summary><c>auths.loginTypes.PasswordType</c>: hashing properties and the same error for every credential failure.</summary>
[Collection(TimingCollection.Name)]
public sealed class PasswordTests() : AuthTestBase(new SqliteAppDatabase())
{
    private const string Secret = "Tr0ub4dor&3-correct-horse";

    [Fact]
    public async Task Register_and_login_with_password()
    {
        var row = await InvokeObjectAsync(Password, "register", new JsonObject { ["username"] = "Alice.Smith", ["password"] = Secret });
        var userId = (long)row["userId"]!;
        Assert.Equal("alice.smith", (string)row["name"]!);
        Assert.Null(row["passwordHash"]);
        var login = await InvokeObjectAsync(Password, "getLoginCode", new JsonObject { ["username"] = "ALICE.SMITH", ["password"] = Secret });
        Assert.Equal(userId, (long)login["userId"]!);
        Assert.Empty(login["corpList"]!.AsArray());
        var session = await InvokeObjectAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = login["loginCode"]!.DeepClone() });
        Assert.Equal(userId, (long)session["userId"]!);
    }

    [Fact]
    public async Task Stored_hash_is_identity_v3_pbkdf2_sha512_with_600000_iterations_and_random_salt()
    {
        await RegisterPasswordUserAsync("first", Secret);
        await RegisterPasswordUserAsync("second", Secret);
        var hashes = await ColumnAsync("auths_password_auth", "passwordHash");
        Assert.Equal(2, hashes.Count);
        Assert.NotEqual(hashes[0], hashes[1]); // salted
        foreach (var hash in hashes)
        {
            Assert.DoesNotContain(Secret, hash, StringComparison.Ordinal);
            var bytes = Convert.FromBase64String(hash);
            Assert.Equal(0x01, bytes[0]); // format marker v3
            Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1))); // KeyDerivationPrf.HMACSHA512
            Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)) >= 600_000);
            Assert.Equal(600_000u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
            Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9)) >= 16); // salt length
            Assert.Equal(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Success, PasswordLoginElement.VerifyPassword(hash, Secret));
            Assert.Equal(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed, PasswordLoginElement.VerifyPassword(hash, Secret + "x"));
        }
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_give_the_same_error_in_similar_time()
    {
        await RegisterPasswordUserAsync("known", Secret);
        var wrong = await FailsAsync(Password, "getLoginCode", new JsonObject { ["username"] = "known", ["password"] = "not-the-password" });
        var unknown = await FailsAsync(Password, "getLoginCode", new JsonObject { ["username"] = "nobody-here", ["password"] = Secret });
        Assert.Equal("AUTH_INVALID_CREDENTIALS", wrong.Code);
        Assert.Equal(wrong.Code, unknown.Code);
        Assert.Equal(wrong.Message, unknown.Message);
        Assert.Equal("AUTH_INVALID_CREDENTIALS", (await FailsAsync(Password, "getLoginCode", new JsonObject { ["username"] = "", ["password"] = "" })).Code);

        var wrongTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            wrongTimes.Add(await TimeAsync("known", "bad-password-" + i));
            unknownTimes.Add(await TimeAsync("ghost" + i, "bad-password-" + i));
        }

        // Both verify one PBKDF2 hash (600,000 iterations): an unknown user is not answered noticeably faster.
        var ratio = unknownTimes.Order().ElementAt(2) / wrongTimes.Order().ElementAt(2);
        Assert.InRange(ratio, 0.5, 2.0);
        Assert.True(wrongTimes.Min() > 20, $"a verification took {wrongTimes.Min()} ms: the hash is too cheap");
    }

    [Fact]
    public async Task Username_rules_and_conflicts()
    {
        await RegisterPasswordUserAsync("taken", Secret);
        var users = await CountAsync("auths_user");
        Assert.Equal("AUTH_USERNAME_TAKEN", (await FailsAsync(Password, "register", new JsonObject { ["username"] = "TAKEN", ["password"] = Secret })).Code);
        Assert.Equal(users, await CountAsync("auths_user")); // the user row of the failed register was rolled back
        Assert.Equal("AUTH_WEAK_PASSWORD", (await FailsAsync(Password, "register", new JsonObject { ["username"] = "shorty", ["password"] = "1234567" })).Code);
        Assert.Equal("AUTH_INVALID_USERNAME", (await FailsAsync(Password, "register", new JsonObject { ["username"] = "a", ["password"] = Secret })).Code);
        Assert.Equal("AUTH_INVALID_USERNAME", (await FailsAsync(Password, "register", new JsonObject { ["username"] = "x' OR '1'='1", ["password"] = Secret })).Code);
        Assert.Equal(users, await CountAsync("auths_user"));
    }

    private async Task<double> TimeAsync(string username, string password)
    {
        var watch = Stopwatch.StartNew();
        await FailsAsync(Password, "getLoginCode", new JsonObject { ["username"] = username, ["password"] = password });
        return watch.Elapsed.TotalMilliseconds;
    }
}
