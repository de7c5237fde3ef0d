using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Definitions;
using Elements.Std.Models;
using Microsoft.Extensions.Logging;

namespace Elements.Std.ApiAuths;

/// <summary>
/// Verifies signed API calls against the app's current API authorizations (every Instance of <c>apiAuths.Meta</c>)
/// and writes the call log. The host calls <see cref="VerifyAsync"/> before it resolves the function, then decides
/// with <see cref="ApiClient.Allows"/> and logs the outcome with <see cref="LogAsync"/>.
/// <para>
/// Order of checks: the headers' form, then the signature (an unknown access key is checked against a random decoy
/// key, so it costs the same and answers the same as a wrong signature), then the clock skew, then the nonce. Only a
/// correctly signed request reaches the skew check and the nonce table, so a caller without the secret learns nothing
/// beyond <see cref="ApiAuthErrorCodes.SignatureInvalid"/> and cannot fill the table.
/// </para>
/// <para>
/// Replays are refused by a unique INSERT of (accessKey, nonce) into <c>apiAuths.models.ApiNonceModel</c>: the
/// database decides, so of any number of concurrent requests with one nonce, on any number of nodes sharing the
/// database, exactly one is accepted. Rows older than <see cref="NonceRetention"/> are pruned at most once a minute.
/// </para>
/// </summary>
public sealed partial class ApiRequestVerifier
{
    public const string MetaFullName = "apiAuths.Meta";
    public const string NonceModelName = "apiAuths.models.ApiNonceModel";
    public const string CallLogModelName = "apiAuths.models.ApiCallLogModel";

    public const int MinNonceLength = 8;
    public const int MaxNonceLength = 64;

    private const string InvalidMessage =
        "the request is not signed by a known API authorization: check the X-Elements-* headers, the access key and the signature";

    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);

    private readonly ElementApp _app;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiRequestVerifier> _logger;
    // Stands in for the secret of an unknown access key: the same HMAC work, and it never matches.
    private readonly byte[] _decoyKey = RandomNumberGenerator.GetBytes(32);
    private ClientIndex? _index;
    private long _nextPruneTicks;

    public ApiRequestVerifier(ElementApp app, TimeProvider timeProvider, ILogger<ApiRequestVerifier> logger)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _app = app;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>How far the signed timestamp may be from the server's clock, in either direction (300 s).</summary>
    public static TimeSpan MaxClockSkew { get; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// How long a nonce is kept: a request accepted at t carries a timestamp at most t + skew, which passes the skew
    /// check until t + 2 × skew; one more minute covers clock differences between nodes.
    /// </summary>
    public static TimeSpan NonceRetention { get; } = 2 * MaxClockSkew + TimeSpan.FromMinutes(1);

    /// <summary>
    /// The client that signed <paramref name="request"/>, once its signature, timestamp and nonce are accepted (the
    /// nonce is then spent). Throws <see cref="ElementException"/> with <see cref="ApiAuthErrorCodes"/>'s codes, or
    /// <c>EL_CONFIG_INVALID</c> when two API authorizations share an access key.
    /// </summary>
    public async Task<ApiClient> VerifyAsync(ApiSignedRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = CurrentIndex();
        if (!TryReadHeaders(request, out var timestamp, out var provided))
        {
            LogRefused(_logger, "malformed or missing signature headers", request.Path);
            throw new ElementException(ApiAuthErrorCodes.SignatureInvalid, InvalidMessage);
        }

        var known = index.Clients.GetValueOrDefault(request.AccessKey!);
        var expected = ApiSignature.Sign(known?.Key ?? _decoyKey, request.Method, request.Path, timestamp, request.Nonce!, request.Body.Span);
        var matches = CryptographicOperations.FixedTimeEquals(expected, provided);
        if (known is null || !matches)
        {
            LogRefused(_logger, known is null ? "unknown access key" : "signature mismatch", request.Path);
            throw new ElementException(ApiAuthErrorCodes.SignatureInvalid, InvalidMessage);
        }

        var now = _time.GetUtcNow();
        var skewMs = now.ToUnixTimeMilliseconds() - timestamp;
        if (Math.Abs(skewMs) > (long)MaxClockSkew.TotalMilliseconds)
        {
            LogExpired(_logger, known.Client.ElementFullName, skewMs);
            throw new ElementException(ApiAuthErrorCodes.SignatureExpired,
                $"the request's timestamp is {Math.Abs(skewMs) / 1000} s {(skewMs > 0 ? "behind" : "ahead of")} the server's clock; "
                + $"at most {(int)MaxClockSkew.TotalSeconds} s are accepted (sign with the current Unix time in milliseconds)");
        }

        var nonces = await StoreAsync(NonceModelName, ct).ConfigureAwait(false);
        try
        {
            await nonces.CreateAsync(new JsonObject
            {
                ["accessKey"] = known.Client.AccessKey,
                ["nonce"] = request.Nonce,
                ["seenAt"] = Format(now),
            }, ct).ConfigureAwait(false);
        }
        catch (ConstraintViolationException ex) when (ex.Kind == "unique")
        {
            LogReplay(_logger, known.Client.ElementFullName);
            throw new ElementException(ApiAuthErrorCodes.Replay, "this nonce was already used with this access key: sign every request with a new nonce");
        }

        await PruneIfDueAsync(nonces, now, ct).ConfigureAwait(false);
        return known.Client;
    }

    /// <summary>Writes one row of <c>apiAuths.models.ApiCallLogModel</c>. Over-long values are cut to their field's length.</summary>
    public async Task LogAsync(ApiCallRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var store = await StoreAsync(CallLogModelName, ct).ConfigureAwait(false);
        await store.CreateAsync(new JsonObject
        {
            ["accessKey"] = Cut(record.AccessKey, 128),
            ["requestId"] = Cut(record.RequestId, 128),
            ["ip"] = record.Ip is null ? null : Cut(record.Ip, 64),
            ["path"] = Cut(record.Path, 1024),
            ["element"] = Cut(record.Element, 256),
            ["function"] = Cut(record.Function, 128),
            ["durationMs"] = double.IsFinite(record.DurationMs) ? Math.Round(Math.Max(0, record.DurationMs), 3) : 0,
            ["code"] = Cut(record.Code, 64),
            ["createdAt"] = Format(_time.GetUtcNow()),
        }, ct).ConfigureAwait(false);
    }

    public override string ToString() => $"ApiRequestVerifier({_app.AppId})";

    private static bool TryReadHeaders(ApiSignedRequest request, out long timestamp, out byte[] signature)
    {
        timestamp = 0;
        signature = [];
        if (string.IsNullOrEmpty(request.Method) || ApiSignature.HasNewline(request.Method)
            || request.Path is null || ApiSignature.HasNewline(request.Path)
            || string.IsNullOrEmpty(request.AccessKey) || request.AccessKey.Length > ApiAuthConfig.MaxAccessKeyLength
            || !IsNonce(request.Nonce)
            || request.Timestamp is not { Length: > 0 and <= 16 } stamp
            || !long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
            || request.Signature is not { Length: 64 } hex || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        signature = Convert.FromHexString(hex);
        return true;
    }

    private static bool IsNonce(string? nonce) =>
        nonce is { Length: >= MinNonceLength and <= MaxNonceLength } && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private ClientIndex CurrentIndex()
    {
        // The definitions list is replaced as a whole by a hot reload, so its identity tells whether the index is current.
        var definitions = _app.Elements;
        var index = Volatile.Read(ref _index);
        if (index is null || !ReferenceEquals(index.Source, definitions))
        {
            index = ClientIndex.Build(definitions);
            Volatile.Write(ref _index, index);
            if (index.Problem is { } built)
            {
                LogConfigProblem(_logger, built);
            }
        }

        return index.Problem is { } problem ? throw new ElementException(ElementErrorCodes.ConfigInvalid, problem) : index;
    }

    private async Task PruneIfDueAsync(ModelStore nonces, DateTimeOffset now, CancellationToken ct)
    {
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPruneTicks, now.UtcTicks + PruneInterval.Ticks, due) != due)
        {
            return;
        }

        try
        {
            var pruned = await nonces.DeleteByFilterAsync(Q.Field("seenAt", "<", Format(now - NonceRetention)), ct).ConfigureAwait(false);
            LogPruned(_logger, pruned);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Pruning is housekeeping: the request was verified, and the next prune retries.
            LogPruneFailed(_logger, ex);
        }
    }

    private Task<ModelStore> StoreAsync(string model, CancellationToken ct) =>
        // Looked up per call so that a hot reload's new model element is used.
        _app.GetElement<ModelElement>(model).OpenStoreAsync(ct);

    private static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Refused a signed API request to {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason, string? path);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Refused a signed API request of {Element}: timestamp {SkewMs} ms off the server's clock")]
    private static partial void LogExpired(ILogger logger, string element, long skewMs);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Refused a replayed API request of {Element} (nonce already used)")]
    private static partial void LogReplay(ILogger logger, string element);

    [LoggerMessage(EventId = 703, Level = LogLevel.Error, Message = "API authorizations are unusable: {Problem}")]
    private static partial void LogConfigProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 704, Level = LogLevel.Debug, Message = "Pruned {Count} expired API nonces")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "Could not prune expired API nonces")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);

    /// <summary>A client with its secret as HMAC key bytes; never printed.</summary>
    private sealed class KnownClient(ApiClient client, byte[] key)
    {
        public ApiClient Client { get; } = client;

        public byte[] Key { get; } = key;

        public override string ToString() => Client.ToString();
    }

    /// <summary>The clients of one registry snapshot, by access key, or why they cannot be used.</summary>
    private sealed class ClientIndex(IReadOnlyList<ElementDefinition> source, Dictionary<string, KnownClient> clients, string? problem)
    {
        public IReadOnlyList<ElementDefinition> Source { get; } = source;

        public Dictionary<string, KnownClient> Clients { get; } = clients;

        public string? Problem { get; } = problem;

        public static ClientIndex Build(IReadOnlyList<ElementDefinition> definitions)
        {
            var clients = new Dictionary<string, KnownClient>(StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var definition in definitions)
            {
                if (definition.Layer != ElementLayer.Instance || !definition.TypeChain.Contains(MetaFullName, StringComparer.Ordinal))
                {
                    continue;
                }

                // Read from the definition rather than the activated object, so that a derived Type with a class of its
                // own still authorizes through the documented config keys.
                var config = Bind(definition);
                if (config is null)
                {
                    problems.Add($"the config of '{definition.FullName}' is not a valid API authorization (accessKey, accessSecret, apis)");
                    continue;
                }

                if (clients.TryGetValue(config.AccessKey, out var other))
                {
                    problems.Add($"'{other.Client.ElementFullName}' and '{definition.FullName}' use the same accessKey; each API authorization needs its own");
                    continue;
                }

                clients[config.AccessKey] = new KnownClient(
                    new ApiClient(definition.FullName, config.AccessKey, [.. config.Apis]), Encoding.UTF8.GetBytes(config.AccessSecret));
            }

            return new ClientIndex(definitions, clients, problems.Count == 0 ? null : string.Join("; ", problems));
        }

        private static ApiAuthConfig? Bind(ElementDefinition definition)
        {
            try
            {
                var config = definition.Config.Deserialize<ApiAuthConfig>(ConfigJson);
                return config is not null && Validator.TryValidateObject(config, new ValidationContext(config), null, validateAllProperties: true)
                    ? config
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
