using System.Diagnostics;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.Errors;

/// <summary>
/// Turns every exception that escapes an endpoint into RFC 7807 ProblemDetails with a stable <c>code</c> extension
/// (and WeChat's <c>errcode</c>/<c>errmsg</c> when the error carries them). Server faults answer with the code and a
/// traceId only; their message goes to the log.
/// </summary>
internal sealed partial class ElementExceptionHandler(
    IProblemDetailsService problemDetails, IOptions<ElementsHostOptions> options, ILogger<ElementExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read an answer.
            return true;
        }

        var (status, code, detail) = Describe(exception);
        if (status >= 500 && code.StartsWith("WECHAT_", StringComparison.Ordinal))
        {
            // WeChat failed or is unreachable (502/503/504): the WeChat client has logged the cause already; this
            // server is healthy, so no error and no stack trace.
            LogWeChatFailure(logger, code, status, httpContext.Request.Path.Value ?? "");
        }
        else if (status >= 500)
        {
            LogServerFault(logger, exception, code, httpContext.Request.Path.Value ?? "");
        }

        var problem = new ProblemDetails
        {
            Status = status,
            Title = ErrorStatus.Title(status),
            Detail = detail,
            Instance = httpContext.Request.Path.Value,
        };
        problem.Extensions["code"] = code;
        if (exception is ElementException { Details: { } details } && code.StartsWith("WECHAT_", StringComparison.Ordinal))
        {
            // Only WeChat's public fields: endpoint and rid are for the log, errcode/errmsg for the client.
            problem.Extensions["errcode"] = details["errcode"]?.DeepClone();
            problem.Extensions["errmsg"] = details["errmsg"]?.DeepClone();
        }

        if (exception is ElementException { Code: DataErrorCodes.BadFilter, Details: { } filter } && filter["position"] is JsonValue position)
        {
            // Where a Q string stopped parsing (0-based), so a client (the console's filter box) can point at it.
            problem.Extensions["position"] = position.DeepClone();
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        if (status == StatusCodes.Status401Unauthorized)
        {
            httpContext.Response.Headers.WWWAuthenticate = code == HostErrorCodes.InvalidSession
                ? "Bearer error=\"invalid_token\""
                : "Bearer";
        }

        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable && exception is ElementException { Details: { } limits }
            && limits["retryAfterSeconds"] is JsonValue retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = retryAfter.ToJsonString();
            problem.Extensions["retryAfterSeconds"] = retryAfter.DeepClone();
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private (int Status, string Code, string Detail) Describe(Exception exception)
    {
        switch (exception)
        {
            case ElementException element:
                var status = ErrorStatus.For(element, options.Value.ErrorStatuses);
                return ErrorStatus.IsServerFault(status)
                    ? (status, element.Code, "The server failed to run the function; the traceId identifies the failure in the server log.")
                    : (status, element.Code, element.Message);
            case BadHttpRequestException bad:
                // Kestrel's own request errors (body too large, malformed framing): the client's fault.
                return (bad.StatusCode, HostErrorCodes.InvalidBody, bad.Message);
            default:
                return (StatusCodes.Status500InternalServerError, HostErrorCodes.Internal,
                    "An unexpected error occurred; the traceId identifies it in the server log.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} answered {Status} {Code}: WeChat failed")]
    private static partial void LogWeChatFailure(ILogger logger, string code, int status, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed with {Code}")]
    private static partial void LogServerFault(ILogger logger, Exception exception, string code, string path);
}
