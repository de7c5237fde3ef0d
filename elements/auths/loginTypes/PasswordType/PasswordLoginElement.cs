using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Activation;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elements.Std.Auths;

/// <summary>
/// <c>auths.loginTypes.PasswordType</c>: username/password accounts. Hashing is ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (format v3, PBKDF2-HMAC-SHA512) with <see cref="IterationCount"/> iterations.
/// Passwords are never logged, stored in clear or echoed in errors. Every hash and verification of a request runs
/// under the app's <see cref="PasswordHashingGate"/>, and a guess on a locked username is refused before any hashing.
/// </summary>
[ElementType("auths.loginTypes.PasswordType", ConfigType = typeof(PasswordConfig))]
public sealed partial class PasswordLoginElement
{
    /// <summary>PBKDF2 iterations (OWASP 2023 recommendation for PBKDF2-HMAC-SHA256 and more than enough for SHA-512).</summary>
    public const int IterationCount = 600_000;

    public const string AuthModelName = "auths.loginTypes.PasswordType.PasswordAuthModel";

    private static readonly PasswordHasher<PasswordAccount> Hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = IterationCount,
    }));

    // Verified when the username is unknown, so that both failures cost one PBKDF2 run.
    private static readonly Lazy<string> DummyHash = new(() =>
        Hasher.HashPassword(PasswordAccount.Instance, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    private readonly AccountDatabase _accounts;
    private readonly UserAccounts _users;
    private readonly OneTimeCodes _codes;
    private readonly PasswordConfig _config;
    private readonly ILogger _logger;
    private readonly string _fullName;
    private readonly string _authModel;
    private readonly PasswordLockout _lockout;
    private readonly PasswordHashingGate _hashing;

    public PasswordLoginElement(ElementContext context, PasswordConfig config, PasswordHashingGate hashing, AccountDatabase accounts, UserAccounts users,
        OneTimeCodes codes, ILogger<PasswordLoginElement> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        _accounts = accounts;
        _users = users;
        _codes = codes;
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _hashing = hashing ?? throw new ArgumentNullException(nameof(hashing));
        _logger = logger;
        _fullName = context.FullName;
        var own = context.FullName + ".PasswordAuthModel";
        _authModel = context.App.FindElements(own).Count > 0 ? own : AuthModelName;
        var ownThrottle = context.FullName + ".PasswordThrottleModel";
        _lockout = new PasswordLockout(_accounts, context.App.FindElements(ownThrottle).Count > 0 ? ownThrottle : PasswordLockout.ModelName,
            config.LockoutThreshold, TimeSpan.FromSeconds(config.LockoutSeconds));
    }

    /// <summary>Hashes a password (v3 format, salted). For tools and tests.</summary>
    public static string HashPassword(string password) => Hasher.HashPassword(PasswordAccount.Instance, password);

    /// <summary>Verifies a password against a stored hash.</summary>
    public static PasswordVerificationResult VerifyPassword(string hash, string password) =>
        Hasher.VerifyHashedPassword(PasswordAccount.Instance, hash, password);

    /// <summary><c>register(username, password)</c> → the new user row.</summary>
    public async Task<JsonObject> RegisterAsync(string username, string password, CancellationToken cancellationToken)
    {
        if (_config.AllowRegister != 1)
        {
            throw new ElementException(AuthErrorCodes.NotRegistered, "registration is disabled for this login method");
        }

        var name = NormalizeUsername(username);
        if (!UsernamePattern().IsMatch(name))
        {
            throw new ElementException(AuthErrorCodes.InvalidUsername, "a username is 3 to 64 characters of a-z, 0-9, '_', '.', '@', '-', starting with a letter or digit");
        }

        if (password is null || password.Length < 8 || password.Length > 256)
        {
            throw new ElementException(AuthErrorCodes.WeakPassword, "a password is 8 to 256 characters");
        }

        var hash = await _hashing.HashAsync(password, cancellationToken).ConfigureAwait(false);
        var store = await _accounts.StoreAsync(_authModel, cancellationToken).ConfigureAwait(false);
        try
        {
            var user = await _accounts.RunInTransactionAsync(async ct =>
            {
                var created = await _users.CreateAsync(new JsonObject { ["name"] = name }, ct).ConfigureAwait(false);
                var now = AccountDatabase.Instant(_accounts.UtcNow);
                await store.CreateAsync(new JsonObject
                {
                    ["userId"] = created["userId"]!.DeepClone(),
                    ["username"] = name,
                    ["passwordHash"] = hash,
                    ["createdAt"] = now,
                    ["updatedAt"] = now,
                }, ct).ConfigureAwait(false);
                return created;
            }, [_authModel], cancellationToken).ConfigureAwait(false);
            LogRegistered(_logger, (long?)user["userId"], _fullName);
            return user;
        }
        catch (ConstraintViolationException ex) when (ex.Kind == "unique")
        {
            throw new ElementException(AuthErrorCodes.UsernameTaken, "that username is already taken");
        }
    }

    /// <summary><c>getLoginCode(username, password)</c> → <c>{loginCode, corpList, userId}</c>.</summary>
    public async Task<JsonObject> GetLoginCodeAsync(string username, string password, CancellationToken cancellationToken)
    {
        var name = NormalizeUsername(username);
        var store = await _accounts.StoreAsync(_authModel, cancellationToken).ConfigureAwait(false);
        var countable = name.Length is > 0 and <= 64 && _lockout.Enabled;
        if (countable)
        {
            // Counted before the check, so concurrent guesses cannot all pass a lockout that none of them has hit yet.
            await _lockout.ReserveAttemptAsync(name, cancellationToken).ConfigureAwait(false);
        }

        var account = name.Length is > 0 and <= 64
            ? await store.GetAsync<StoredPassword>(Q.Eq("username", name), null, cancellationToken).ConfigureAwait(false)
            : null;
        var result = await _hashing.RunAsync(AuthTelemetry.VerifyOperation,
            () => VerifyPassword(account?.PasswordHash ?? DummyHash.Value, password ?? ""), cancellationToken).ConfigureAwait(false);
        if (account is null || result == PasswordVerificationResult.Failed)
        {
            LogLoginFailed(_logger, _fullName);
            throw new ElementException(AuthErrorCodes.InvalidCredentials, "the username or password is wrong");
        }

        var rehash = result == PasswordVerificationResult.SuccessRehashNeeded
            ? await _hashing.HashAsync(password!, cancellationToken).ConfigureAwait(false)
            : null;

        // The lockout's reset, a rehash and the loginCode in one write transaction (one turn at the write lock); what
        // getLoginCode returns besides the code is read after the commit.
        var code = await _accounts.RunInTransactionAsync(async ct =>
        {
            if (countable)
            {
                await _lockout.ResetAsync(name, ct).ConfigureAwait(false);
            }

            if (rehash is not null)
            {
                await store.UpdateByFilterAsync(Q.Eq("userId", account.UserId),
                    new JsonObject { ["passwordHash"] = rehash, ["updatedAt"] = AccountDatabase.Instant(_accounts.UtcNow) }, ct).ConfigureAwait(false);
            }

            return await _codes.AddLoginCodeAsync(account.UserId, _fullName, ct).ConfigureAwait(false);
        }, [_authModel, _lockout.Model], cancellationToken).ConfigureAwait(false);
        return await _codes.LoginCodeResultAsync(account.UserId, code, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => _fullName;

    private static string NormalizeUsername(string? username) => (username ?? "").Trim().ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9][a-z0-9_.@-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered user {UserId} through {LoginElement}")]
    private static partial void LogRegistered(ILogger logger, long? userId, string loginElement);

    // A failed attempt is worth a line (guessing shows up in the log); the username is not logged, as it may be a
    // mistyped password.
    [LoggerMessage(Level = LogLevel.Information, Message = "Password login through {LoginElement} failed")]
    private static partial void LogLoginFailed(ILogger logger, string loginElement);

    /// <summary>The columns a password check reads.</summary>
    private sealed class StoredPassword
    {
        public long UserId { get; set; }

        public string? PasswordHash { get; set; }
    }

    /// <summary>The hasher's user type: PasswordHasher ignores the user object.</summary>
    public sealed class PasswordAccount
    {
        public static readonly PasswordAccount Instance = new();
    }
}
