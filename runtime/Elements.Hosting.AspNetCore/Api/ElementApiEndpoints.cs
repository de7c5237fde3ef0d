using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Elements.Hosting.AspNetCore.Auth;
using Elements.Hosting.AspNetCore.Diagnostics;
using Elements.Hosting.AspNetCore.Errors;
using Elements.Invocation;
using Elements.Std.ApiAuths;
using Elements.Std.Roles;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Elements.Hosting.AspNetCore.Api;

/// <summary>
/// <c>POST /api/{orgId}/{appName}/{elementPath}/{function}</c>: a JSON object of named arguments in, the function's
/// JSON result out, through the same <see cref="ElementInvoker"/> as the CLI, after <see cref="CallAuthorizer"/> decided
/// the caller may (reachability, session, roles, the userId rule). Failures are thrown as
/// <see cref="ElementException"/>s and become ProblemDetails in <see cref="ElementExceptionHandler"/>.
/// </summary>
internal static partial class ElementApiEndpoints
{
    private const string LoggerCategory = "Elements.Host.ElementApi";

    public const string RoutePattern = "/api/{orgId}/{appName}/{**path}";

    public static IEndpointConventionBuilder MapElementApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(RoutePattern, InvokeAsync)
            .WithName("InvokeElementFunction")
            .DisableAntiforgery();

    private static async Task<Results<JsonHttpResult<JsonNode>, ContentHttpResult>> InvokeAsync(
        string orgId,
        string appName,
        string? path,
        HttpContext context,
        ElementApp app,
        CallAuthorizer authorizer,
        ApiRequestVerifier verifier,
        ElementApiMetrics metrics,
        IOptions<ElementsHostOptions> options,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(LoggerCategory);
        var started = Stopwatch.GetTimestamp();
        var element = ElementsHostTelemetry.UnknownName;
        var function = ElementsHostTelemetry.UnknownName;
        ApiClient? client = null;
        using var activity = ElementsHostTelemetry.ActivitySource.StartActivity(ElementsHostTelemetry.InvokeActivityName, ActivityKind.Internal);
        try
        {
            if (!string.Equals($"{orgId}.{appName}", app.AppId, StringComparison.Ordinal))
            {
                throw new ElementException(HostErrorCodes.UnknownApp, $"this host serves app '{app.AppId}', not '{orgId}.{appName}'");
            }

            if (!ElementRoute.TryParse(path, out var route))
            {
                throw new ElementException(ElementErrorCodes.UnknownElement, "the URL must name an element and a function: /api/{orgId}/{appName}/{element/path}/{function}");
            }

            // A signed request is verified before its URL is resolved: an unsigned caller learns nothing from it.
            client = await authorizer.VerifyClientAsync(context.Request, options.Value.MaxBodyBytes);
            // One registry snapshot from the permission check to the call: a hot reload cannot slip another
            // element or function in between.
            using var call = authorizer.Prepare(route);
            // Named from here on, refused calls included: names that resolved are the registry's, a bounded set for
            // log fields and metric tags (a made-up URL stays "(unknown)").
            (element, function) = (call.Element.FullName, call.Function.Name);
            activity?.SetTag(ElementsHostTelemetry.ElementTag, element);
            activity?.SetTag(ElementsHostTelemetry.FunctionTag, function);
            var authorized = await authorizer.AuthorizeAsync(context, call, client);
            if (authorized.Session is { } session)
            {
                context.Features.Set(session);
            }

            var args = await ReadArgumentsAsync(context.Request, options.Value.MaxBodyBytes);
            ElementAuthorizer.CheckArguments(authorized.Caller, call, args);

            var result = await call.InvokeAsync(args, authorized.Caller, context.RequestAborted);
            Finish(ElementsHostTelemetry.SuccessOutcome, null);
            await LogClientCallAsync(ElementsHostTelemetry.SuccessOutcome);
            // A JSON result of null has no value for JsonHttpResult to write: spell it out.
            return result is null
                ? TypedResults.Content("null", "application/json", Encoding.UTF8)
                : TypedResults.Json(result, ElementInvoker.JsonOptions);
        }
        catch (ElementException ex)
        {
            Finish(ex.Code, ex);
            await LogClientCallAsync(ex.Code);
            throw;
        }
        catch (Exception ex)
        {
            var outcome = ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested ? ElementsHostTelemetry.CancelledOutcome : HostErrorCodes.Internal;
            Finish(outcome, ex);
            await LogClientCallAsync(outcome);
            throw;
        }

        // Every call of a verified API client goes to its call log, refused ones included.
        async Task LogClientCallAsync(string outcome)
        {
            if (client is null)
            {
                return;
            }

            var record = new ApiCallRecord(client.AccessKey, context.TraceIdentifier, context.Connection.RemoteIpAddress?.ToString(),
                context.Request.Path.Value ?? "", element, function, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome);
            try
            {
                await verifier.LogAsync(record, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The call itself is done (or failed on its own): a log that cannot be written must not change its answer.
                LogCallLogFailed(logger, ex, client.AccessKey);
            }
        }

        void Finish(string outcome, Exception? error)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Record(element, function, outcome, elapsed);
            activity?.SetTag(ElementsHostTelemetry.OutcomeTag, outcome);
            if (error is not null)
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome);
            }

            // Successes at Debug: a busy host would otherwise spend more on console logging than on its elements.
            LogCall(logger, error is null ? LogLevel.Debug : LogLevel.Information, element, function, outcome, elapsed.TotalMilliseconds);
        }
    }

    private static async Task<JsonObject?> ReadArgumentsAsync(HttpRequest request, long maxBodyBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBodyBytes;
        }


        if (request.ContentType is { Length: > 0 } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
                || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                    || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))))
        {
            throw new ElementException(HostErrorCodes.UnsupportedMediaType, "send the arguments as application/json");
        }

        // The body is parsed from the request pipe's own buffers, as UTF-8: no decoding into a string first.
        var pipe = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await pipe.ReadAsync(request.HttpContext.RequestAborted);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                // Nothing consumed yet: ask for more until the whole body is buffered (Kestrel enforces the size limit).
                pipe.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ElementException(HostErrorCodes.BodyTooLarge, $"the body is larger than {maxBodyBytes} bytes");
        }

        JsonNode? body;
        try
        {
            body = ParseArguments(read.Buffer);
        }
        catch (JsonException ex)
        {
            throw new ElementException(HostErrorCodes.InvalidBody, $"the body is not valid JSON: {ex.Message}");
        }
        finally
        {
            pipe.AdvanceTo(read.Buffer.End);
        }

        return body switch
        {
            JsonObject args => args,
            null => null,
            _ => throw new ElementException(HostErrorCodes.InvalidBody, "the body must be a JSON object of named arguments"),
        };
    }

    // An empty body (or only whitespace, or only a byte order mark) means no arguments.
    private static JsonNode? ParseArguments(in ReadOnlySequence<byte> buffer)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> json;
            if (buffer.IsSingleSegment)
            {
                json = buffer.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent(checked((int)buffer.Length));
                buffer.CopyTo(rented);
                json = rented.AsSpan(0, (int)buffer.Length);
            }

            if (json.StartsWith(Utf8Bom))
            {
                json = json[Utf8Bom.Length..];
            }

            // The parser checks the JSON's structure, not the UTF-8 inside its strings: a bad byte would surface only
            // where a value is read, as a 500 or a mangled string.
            if (!Utf8.IsValid(json))
            {
                throw new ElementException(HostErrorCodes.InvalidBody, "the body is not valid UTF-8");
            }

            // Duplicate keys are refused while parsing, at every depth: JsonObject would otherwise fail later, when
            // its dictionary is first built, with an ArgumentException (a 500 with a stack trace for a client error),
            // and "which value wins" is a classic way past checks that read the other one.
            return json.Trim(JsonWhitespace).IsEmpty
                ? null
                : JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The call log of API client {AccessKey} could not be written")]
    private static partial void LogCallLogFailed(ILogger logger, Exception exception, string accessKey);

    [LoggerMessage(Message = "Invoked {Element}.{Function}: {Outcome} in {ElapsedMs:0.0} ms")]
    private static partial void LogCall(ILogger logger, LogLevel level, string element, string function, string outcome, double elapsedMs);
}
