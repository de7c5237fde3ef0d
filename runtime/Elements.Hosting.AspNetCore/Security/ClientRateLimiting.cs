using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Elements.Hosting.AspNetCore.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.Security;

/// <summary>
/// ASP.NET Core's rate limiter configured from <see cref="RateLimitOptions"/>: policy <see cref="PolicyName"/>, one
/// token bucket per client, rejections as ProblemDetails <c>EL_RATE_LIMITED</c> (429) with <c>Retry-After</c>.
/// </summary>
internal static partial class ClientRateLimiting
{
    public const string PolicyName = "elements-client";

    public const string AccessKeyHeader = "X-Elements-AccessKey";

    private const string LoggerCategory = "Elements.Host.RateLimit";

    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, Partition);
            limiter.OnRejected = RejectAsync;
        });
    }

    /// <summary>The client a call counts against. The bearer token is hashed (partition keys are kept in memory and
    /// could surface in a dump); it is not validated here, so a caller inventing tokens gets fresh buckets: the
    /// session check still refuses its calls, and the per-IP limit of a proxy in front is the answer to that.</summary>
    internal static string ClientKey(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length)
        {
            return "token:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim())));
        }

        if (context.Request.Headers[AccessKeyHeader].ToString() is { Length: > 0 } accessKey)
        {
            return "key:" + accessKey;
        }

        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => Bucket(options));
    }

    /// <summary>A whole number of tokens per period: 100/s is 100 every second, 0.5/s one every two seconds.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(RateLimitOptions options)
    {
        var rate = options.PermitsPerSecond > 0 ? options.PermitsPerSecond : throw new OptionsValidationException(
            RateLimitOptions.SectionName, typeof(RateLimitOptions), [$"{nameof(RateLimitOptions.PermitsPerSecond)} must be positive"]);
        var tokens = Math.Max(1, (int)Math.Floor(rate));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / rate),
            QueueLimit = Math.Max(0, options.QueueLimit),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        // Debug: under a flood one line per refused call would cost more than the calls.
        LogRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory), context.Request.Path.Value ?? "", seconds);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = ErrorStatus.Title(StatusCodes.Status429TooManyRequests),
            Detail = $"Too many calls from this client; retry after {seconds} s.",
            Instance = context.Request.Path.Value,
        };
        problem.Extensions["code"] = HostErrorCodes.RateLimited;
        problem.Extensions["retryAfterSeconds"] = seconds;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rate limit: refused a call to {Path}, retry after {RetryAfterSeconds} s")]
    private static partial void LogRejected(ILogger logger, string path, int retryAfterSeconds);
}
