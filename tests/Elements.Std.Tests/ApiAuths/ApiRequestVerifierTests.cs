using System.Text;
using System.Text.Json.Nodes;
using Elements.Std.ApiAuths;
using Elements.Std.Databases;
using Elements.Std.Models;
using Elements.Std.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Elements.Std.Tests.ApiAuths;

/// <summary>
/// <see cref="ApiRequestVerifier"/> on the app's real database (SQLite file or PostgreSQL): signature, clock skew,
/// replay within one app, across two apps on one database and under 50 concurrent copies, the call log, getDetails.
/// </summary>
public abstract class ApiRequestVerifierTests(IAppDatabase database) : AppTestBase(database)
{
    private const string Key = "order-sync";
    private const string Secret = "order-sync-secret-0123456789abcdef";
    private const string OtherKey = "reporting";
    private const string OtherSecret = "reporting-secret-0123456789abcdef";
    private const string QueryPath = "/api/test/StdApp/models/Todo/query";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private int _nonces;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    protected override Task BeforeLoadAsync(AppFolder folder)
    {
        ApiAuthFiles.Write(folder.Path, "apiAuths.orderSync", Key, Secret, "models.Todo.query", "models.Tag.*", "apiAuths.models.*");
        ApiAuthFiles.Write(folder.Path, "apiAuths.reporting", OtherKey, OtherSecret, "services.*");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_correctly_signed_request_yields_its_client_without_the_secret()
    {
        var verifier = Verifier();

        var client = await verifier.VerifyAsync(Signed(NewNonce()), CancellationToken.None);

        Assert.Equal("apiAuths.orderSync", client.ElementFullName);
        Assert.Equal(Key, client.AccessKey);
        Assert.True(client.Allows("models.Todo", "query"));
        Assert.False(client.Allows("models.Todo", "deleteByFilter"));
        Assert.DoesNotContain(Secret, client.ToString(), StringComparison.Ordinal);
        // The std registration provides one for the host.
        Assert.NotNull(App.Services.GetRequiredService<ApiRequestVerifier>());
    }

    [Fact]
    public async Task The_clock_skew_limit_is_300_seconds_in_both_directions()
    {
        var verifier = Verifier();
        var limit = (long)ApiRequestVerifier.MaxClockSkew.TotalMilliseconds;
        Assert.Equal(300_000, limit);

        foreach (var offset in new[] { -limit, limit, 0 })
        {
            await verifier.VerifyAsync(Signed(NewNonce(), Now + offset), CancellationToken.None);
        }

        foreach (var offset in new[] { -limit - 1, limit + 1, -86_400_000L, 86_400_000L })
        {
            var ex = await Assert.ThrowsAsync<ElementException>(() => verifier.VerifyAsync(Signed(NewNonce(), Now + offset), CancellationToken.None));
            Assert.Equal(ApiAuthErrorCodes.SignatureExpired, ex.Code);
            Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(3, await NonceCountAsync());
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_key_and_malformed_headers_get_one_answer_and_spend_no_nonce()
    {
        var verifier = Verifier();
        var good = Signed(NewNonce());
        ApiSignedRequest[] refused =
        [
            Signed(NewNonce(), secret: "a-wrong-secret-0123456789abcdef"),
            Signed(NewNonce(), key: "no-such-key", secret: Secret),
            Signed(NewNonce(), secret: OtherSecret), // another client's secret
            good with { AccessKey = null },
            good with { AccessKey = "" },
            good with { Timestamp = null },
            good with { Timestamp = "1.7e12" },
            good with { Timestamp = "-" + good.Timestamp },
            good with { Timestamp = "99999999999999999999" },
            good with { Nonce = null },
            good with { Nonce = "short" },
            good with { Nonce = "has space in it" },
            good with { Signature = null },
            good with { Signature = good.Signature![..63] },
            good with { Signature = good.Signature![..62] + "zz" },
            good with { Body = Encoding.UTF8.GetBytes("""{"page":2}""") },
            good with { Path = "/api/test/StdApp/models/Todo/deleteByFilter" },
            good with { Method = "PUT" },
            good with { Path = QueryPath + "\nX" },
            // Outside the skew window AND wrongly signed: the signature is checked first, so no timing hint either.
            Signed(NewNonce(), Now - 3_600_000, secret: "a-wrong-secret-0123456789abcdef"),
        ];

        var errors = new List<ElementException>();
        foreach (var request in refused)
        {
            errors.Add(await Assert.ThrowsAsync<ElementException>(() => verifier.VerifyAsync(request, CancellationToken.None)));
        }

        Assert.All(errors, e => Assert.Equal(ApiAuthErrorCodes.SignatureInvalid, e.Code));
        Assert.Single(errors.Select(e => e.Message).Distinct());
        Assert.All(errors, e => Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal));
        Assert.Equal(0, await NonceCountAsync());
        // The good request was not spent by its tampered copies.
        await verifier.VerifyAsync(good, CancellationToken.None);
    }

    [Fact]
    public async Task A_nonce_is_accepted_once_per_access_key()
    {
        var verifier = Verifier();
        var nonce = NewNonce();
        await verifier.VerifyAsync(Signed(nonce), CancellationToken.None);

        var replay = await Assert.ThrowsAsync<ElementException>(() => verifier.VerifyAsync(Signed(nonce), CancellationToken.None));
        // A fresh verifier (a restarted node) sees the same table.
        var afterRestart = await Assert.ThrowsAsync<ElementException>(() => Verifier().VerifyAsync(Signed(nonce, Now + 1), CancellationToken.None));
        var otherClient = await verifier.VerifyAsync(Signed(nonce, key: OtherKey, secret: OtherSecret), CancellationToken.None);

        Assert.Equal(ApiAuthErrorCodes.Replay, replay.Code);
        Assert.Equal(ApiAuthErrorCodes.Replay, afterRestart.Code);
        Assert.Equal("apiAuths.reporting", otherClient.ElementFullName);
    }

    [Fact]
    public async Task A_replay_on_a_second_app_sharing_the_database_is_refused()
    {
        await using var second = await SecondAppAsync();
        var nonce = NewNonce();
        await Verifier().VerifyAsync(Signed(nonce), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ElementException>(() => Verifier(second.App).VerifyAsync(Signed(nonce), CancellationToken.None));

        Assert.Equal(ApiAuthErrorCodes.Replay, ex.Code);
        await Verifier(second.App).VerifyAsync(Signed(NewNonce()), CancellationToken.None);
        Assert.Equal(2, await NonceCountAsync());
    }

    [Fact]
    public async Task Of_50_concurrent_copies_of_one_request_on_two_apps_exactly_one_is_accepted()
    {
        await using var second = await SecondAppAsync();
        ApiRequestVerifier[] verifiers = [Verifier(), Verifier(second.App)];
        var request = Signed(NewNonce());
        // Both tables exist before the race, so that the race is about the nonce, not about creating the table.
        await verifiers[0].VerifyAsync(Signed(NewNonce()), CancellationToken.None);
        await verifiers[1].VerifyAsync(Signed(NewNonce()), CancellationToken.None);
        using var start = new ManualResetEventSlim();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await verifiers[i % 2].VerifyAsync(request, CancellationToken.None);
                return "ok";
            }
            catch (ElementException ex)
            {
                return ex.Code;
            }
        })).Append(Task.Run(() =>
        {
            start.Set();
            return "starter";
        })));

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(49, outcomes.Count(o => o == ApiAuthErrorCodes.Replay));
        Assert.Equal(3, await NonceCountAsync());
    }

    [Fact]
    public async Task Nonces_older_than_the_retention_are_pruned()
    {
        var verifier = Verifier();
        await verifier.VerifyAsync(Signed(NewNonce()), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        await verifier.VerifyAsync(Signed(NewNonce()), CancellationToken.None);
        Assert.Equal(2, await NonceCountAsync());

        // Retention after the first: it goes; the second is younger than the retention and stays.
        _time.Advance(ApiRequestVerifier.NonceRetention - TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await verifier.VerifyAsync(Signed(NewNonce()), CancellationToken.None);

        Assert.Equal(2, await NonceCountAsync());
        Assert.True(ApiRequestVerifier.NonceRetention >= 2 * ApiRequestVerifier.MaxClockSkew);
    }

    [Fact]
    public async Task LogAsync_writes_one_call_log_row_readable_through_the_model_functions()
    {
        var verifier = Verifier();
        await verifier.LogAsync(new ApiCallRecord(Key, "req-0001", "203.0.113.7", QueryPath, "models.Todo", "query", 12.34567, "ok"), CancellationToken.None);
        await verifier.LogAsync(new ApiCallRecord(Key, "req-0002", null, QueryPath, "models.Todo", "create", 1, "EL_FORBIDDEN"), CancellationToken.None);

        var rows = (await App.InvokeAsync(ApiRequestVerifier.CallLogModelName, "query",
            new JsonObject { ["orderList"] = new JsonArray(new JsonArray("requestId", 1)) }))!["rowDatas"]!.AsArray();

        Assert.Equal(2, rows.Count);
        var row = rows[0]!.AsObject();
        Assert.Equal(Key, (string?)row["accessKey"]);
        Assert.Equal("req-0001", (string?)row["requestId"]);
        Assert.Equal("203.0.113.7", (string?)row["ip"]);
        Assert.Equal(QueryPath, (string?)row["path"]);
        Assert.Equal("models.Todo", (string?)row["element"]);
        Assert.Equal("query", (string?)row["function"]);
        Assert.Equal(12.346m, (decimal)row["durationMs"]!);
        Assert.Equal("ok", (string?)row["code"]);
        Assert.StartsWith("2026-11-25T10:00:00", (string?)row["createdAt"], StringComparison.Ordinal);
        Assert.Null(rows[1]!["ip"]);
        Assert.Equal("EL_FORBIDDEN", (string?)rows[1]!["code"]);
        // Read-only over the function list: the log cannot be rewritten through it.
        var write = await Assert.ThrowsAnyAsync<ElementException>(() => App.InvokeAsync(ApiRequestVerifier.CallLogModelName, "deleteByFilter", new JsonObject()));
        Assert.Equal("EL_UNKNOWN_FUNCTION", write.Code);
    }

    [Fact]
    public void The_nonce_model_is_internal_and_the_call_log_is_not()
    {
        Assert.True(App.GetElementDefine(ApiRequestVerifier.NonceModelName).IsInternal);
        Assert.False(App.GetElementDefine(ApiRequestVerifier.CallLogModelName).IsInternal);
        Assert.Equal(["get", "query"], App.GetElementDefine(ApiRequestVerifier.CallLogModelName).Functions.Select(f => f.Name));
    }

    [Fact]
    public async Task GetDetails_lists_the_granted_functions_of_reachable_elements()
    {
        var details = (await App.InvokeAsync("apiAuths.orderSync", "getDetails", new JsonObject()))!.AsArray();

        Assert.Equal(["apiAuths.models.ApiCallLogModel", "models.Tag", "models.Todo"], details.Select(d => (string?)d!["fullName"]));
        Assert.Equal(["get", "query"], FunctionNames(details[0]!));
        Assert.Equal(App.GetElementDefine("models.Tag").Functions.Select(f => f.Name), FunctionNames(details[1]!));
        Assert.Equal(["query"], FunctionNames(details[2]!));
        Assert.Equal("Todo", (string?)details[2]!["title"]);
        Assert.Equal("Query rows", (string?)details[2]!["functionList"]![0]!["title"]);
        // services.* matches nothing in this app.
        Assert.Empty((await App.InvokeAsync("apiAuths.reporting", "getDetails", new JsonObject()))!.AsArray());
    }

    [Fact]
    public async Task A_reload_with_a_new_secret_takes_effect_on_the_next_request()
    {
        var verifier = Verifier();
        await verifier.VerifyAsync(Signed(NewNonce()), CancellationToken.None);
        ApiAuthFiles.Write(Folder.Path, "apiAuths.orderSync", Key, Secret + "-rotated", "models.Todo.query");

        Assert.True(App.Reload().Succeeded);

        var old = await Assert.ThrowsAsync<ElementException>(() => verifier.VerifyAsync(Signed(NewNonce()), CancellationToken.None));
        Assert.Equal(ApiAuthErrorCodes.SignatureInvalid, old.Code);
        var client = await verifier.VerifyAsync(Signed(NewNonce(), secret: Secret + "-rotated"), CancellationToken.None);
        Assert.False(client.Allows("models.Tag", "query"));
    }

    private static IEnumerable<string?> FunctionNames(JsonNode detail) => detail["functionList"]!.AsArray().Select(f => (string?)f!["name"]);

    private ApiRequestVerifier Verifier(ElementApp? app = null) => new(app ?? App, _time, NullLogger<ApiRequestVerifier>.Instance);

    private string NewNonce() => $"nonce-{Interlocked.Increment(ref _nonces):D6}-{Guid.NewGuid():N}"[..32];

    private ApiSignedRequest Signed(string nonce, long? timestamp = null, string key = Key, string secret = Secret, string body = """{"page":1}""")
    {
        var ts = timestamp ?? Now;
        var bytes = Encoding.UTF8.GetBytes(body);
        return new ApiSignedRequest("POST", QueryPath, key, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), nonce,
            ApiSignature.Compute(secret, "POST", QueryPath, ts, nonce, bytes), bytes);
    }

    private async Task<long> NonceCountAsync()
    {
        var store = await App.GetElement<ModelElement>(ApiRequestVerifier.NonceModelName).OpenStoreAsync();
        return await store.CountAsync(null);
    }

    /// <summary>A second app loaded from the same folder: another node on the same database.</summary>
    private async Task<SecondApp> SecondAppAsync()
    {
        await Task.Yield();
        return new SecondApp(Folder.Load());
    }

    private sealed class SecondApp(ElementApp app) : IAsyncDisposable
    {
        public ElementApp App { get; } = app;

        public async ValueTask DisposeAsync()
        {
            if (App.TryGetElement("databases.Default", out var element) && element is DatabaseElement db)
            {
                await db.DisposeAsync();
            }

            App.Dispose();
        }
    }
}
