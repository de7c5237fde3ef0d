using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Host.Auth;
using Elements.Host.Diagnostics;
using Elements.Host.Errors;
using Elements.Invocation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Elements.Host.Api;

/// <summary>
/// <c>POST /api/{orgId}/{appName}/{elementPath}/{function}</c>: a JSON object of named arguments in, the function's
/// JSON result out, through the same <see cref="ElementInvoker"/> as the CLI. Failures are thrown as
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
        ISessionValidator sessions,
        ElementApiMetrics metrics,
        IOptions<ElementsHostOptions> options,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(LoggerCategory);
        var started = Stopwatch.GetTimestamp();
        var element = ElementsHostTelemetry.UnknownName;
        var function = ElementsHostTelemetry.UnknownName;
        using var activity = ElementsHostTelemetry.ActivitySource.StartActivity(ElementsHostTelemetry.InvokeActivityName, ActivityKind.Internal);
        try
        {
            if (!string.Equals($"{orgId}.{appName}", app.AppId, StringComparison.Ordinal))
            {
                throw new ElementException(HostErrorCodes.UnknownApp, $"this host serves app '{app.AppId}', not '{orgId}.{appName}'");
            }

            if (!ElementRoute.TryParse(path, out var route))
            {
                throw new ElementException("EL_UNKNOWN_ELEMENT", "the URL must name an element and a function: /api/{orgId}/{appName}/{element/path}/{function}");
            }

            // Throws EL_UNKNOWN_ELEMENT / EL_UNKNOWN_FUNCTION before anything else is looked at.
            var definition = app.Invoker.GetFunction(route.Element, route.Function);
            (element, function) = (route.Element, definition.Name);
            activity?.SetTag(ElementsHostTelemetry.ElementTag, element);
            activity?.SetTag(ElementsHostTelemetry.FunctionTag, function);

            SessionValidation? session = null;
            if (definition.LoginRequired)
            {
                session = await AuthenticateAsync(context, sessions);
                context.Features.Set(session);
            }

            var args = await ReadArgumentsAsync(context.Request, options.Value.MaxBodyBytes);
            if (session is not null)
            {
                SessionUserScope.Check(session, args, element, function);
            }

            var result = await app.InvokeAsync(element, function, args, context.RequestAborted);
            Finish(ElementsHostTelemetry.SuccessOutcome, null);
            // A JSON result of null has no value for JsonHttpResult to write: spell it out.
            return result is null
                ? TypedResults.Content("null", "application/json", Encoding.UTF8)
                : TypedResults.Json(result, ElementInvoker.JsonOptions);
        }
        catch (ElementException ex)
        {
            Finish(ex.Code, ex);
            throw;
        }
        catch (Exception ex)
        {
            Finish(ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested ? ElementsHostTelemetry.CancelledOutcome : HostErrorCodes.Internal, ex);
            throw;
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

    private static async Task<SessionValidation> AuthenticateAsync(HttpContext context, ISessionValidator sessions)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            throw new ElementException(HostErrorCodes.Unauthenticated, "this function requires a login: send Authorization: Bearer <token>");
        }

        var validation = await sessions.ValidateAsync(header[scheme.Length..].Trim(), context.RequestAborted);
        return validation.Status switch
        {
            SessionStatus.Valid => validation,
            SessionStatus.Unavailable => throw new ElementException(HostErrorCodes.LoginUnavailable,
                $"this function requires a login, but the app has no {ElementSessionValidator.AuthServiceElement} to check sessions"),
            _ => throw new ElementException(HostErrorCodes.InvalidSession, "the bearer token is not a valid session"),
        };
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

        JsonNode? body;
        try
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            // Duplicate keys are refused while parsing, at every depth: JsonObject would otherwise fail later, when
            // its dictionary is first built, with an ArgumentException (a 500 with a stack trace for a client error),
            // and "which value wins" is a classic way past checks that read the other one.
            body = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new ElementException(HostErrorCodes.InvalidBody, $"the body is not valid JSON: {ex.Message}");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ElementException(HostErrorCodes.BodyTooLarge, $"the body is larger than {maxBodyBytes} bytes");
        }

        return body switch
        {
            JsonObject args => args,
            null => null,
            _ => throw new ElementException(HostErrorCodes.InvalidBody, "the body must be a JSON object of named arguments"),
        };
    }

    [LoggerMessage(Message = "Invoked {Element}.{Function}: {Outcome} in {ElapsedMs:0.0} ms")]
    private static partial void LogCall(ILogger logger, LogLevel level, string element, string function, string outcome, double elapsedMs);
}
