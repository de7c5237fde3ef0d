using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Elements.Definitions;
using Elements.Hosting.AspNetCore.Errors;
using Elements.Hosting.AspNetCore.WeChat;
using Elements.Std.Roles;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// The Elements Console: its pages (embedded in this assembly, public: they hold no data) at <c>/console/</c> and
/// its read-only JSON API under <c>/console/api</c>, every answer of which passes <see cref="ConsoleGate"/> except
/// the sign-in options and the sandbox link. The console runs no function itself: its pages call the element API
/// with the user's token, under the same checks as any other client.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string PagePath = "/console";
    public const string ApiPath = "/console/api";
    public const string SandboxSignInPath = ApiPath + "/sandbox-signin";

    private const string PasswordType = "auths.loginTypes.PasswordType";
    private const string AssetsRoot = "Console/wwwroot";

    private static readonly JsonSerializerOptions StreamJson = new() { WriteIndented = false };

    /// <summary>The embedded pages (<c>Console/wwwroot</c>).</summary>
    public static IFileProvider Assets { get; } = new ManifestEmbeddedFileProvider(typeof(ConsoleEndpoints).Assembly, AssetsRoot);

    /// <summary>Middleware: the console's headers and its static files. Before the endpoints.</summary>
    public static void UseElementsConsole(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(PagePath, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<ConsoleHeadersMiddleware>());
        app.UseStaticFiles(new StaticFileOptions { FileProvider = Assets, RequestPath = PagePath });
    }

    public static void MapElementsConsole(this IEndpointRouteBuilder endpoints, WeChatMode mode)
    {
        // One route answers both /console and /console/ (routing ignores a trailing slash).
        endpoints.MapGet(PagePath, ServeIndex).ExcludeFromDescription();

        var api = endpoints.MapGroup(ApiPath).AddEndpointFilter<ConsoleGate>().ExcludeFromDescription().DisableAntiforgery();
        api.MapGet("/signin-options", SignInOptions).WithMetadata(ConsoleAnonymousMetadata.Instance);
        var signIn = api.MapPost("/sandbox-signin", SandboxSignInAsync).WithMetadata(ConsoleAnonymousMetadata.Instance);
        if (mode != WeChatMode.Sandbox)
        {
            // Live mode has no link to redeem; the route answers 404 like any unknown path, before reading anything.
            signIn.AddEndpointFilter((_, _) => ValueTask.FromResult<object?>(TypedResults.NotFound()));
        }

        api.MapGet("/me", async (HttpContext context, ConsoleGate gate) =>
        {
            var user = User(context);
            return Me(user, await gate.UsernameAsync(user, context.RequestAborted));
        });
        api.MapGet("/elements", (string? q, string? layer, string? type, string? app, ElementCatalog catalog) => catalog.List(q, layer, type, app));
        api.MapGet("/elements/{fullName}", Element);
        api.MapGet("/health", (ConsoleHealth health) => health.Snapshot());
        api.MapGet("/health/stream", HealthStreamAsync);
        api.MapGet("/metrics", (ConsoleMetrics metrics) => metrics.Snapshot());
        // The matrix exactly as `elements permissions --json` prints it.
        api.MapGet("/permissions", (ElementAuthorizer authorizer) => FunctionPermission.ToJson(authorizer.GetMatrix()));
        api.MapGet("/tasks", (ConsoleTasks tasks, CancellationToken cancellationToken) => tasks.ListAsync(cancellationToken));
        api.MapGet("/events", (ConsoleEvents events, CancellationToken cancellationToken) => events.ListAsync(cancellationToken));
    }

    internal static ConsoleUser User(HttpContext context) =>
        context.Features.Get<ConsoleUser>() ?? throw new InvalidOperationException("the console gate did not run");

    private static IResult ServeIndex(HttpContext context)
    {
        var index = Assets.GetFileInfo("index.html");
        return index.Exists ? TypedResults.Stream(index.CreateReadStream(), "text/html; charset=utf-8") : TypedResults.NotFound();
    }

    private static JsonObject Me(ConsoleUser user, string? username) => new()
    {
        ["userId"] = user.UserId,
        ["username"] = username,
        ["roles"] = new JsonArray([.. user.Roles.Select(r => (JsonNode)JsonValue.Create(r))]),
        ["canWrite"] = user.CanWrite,
    };

    private static JsonObject SignInOptions(ElementApp app, ElementAuthorizer authorizer, IOptions<WeChatHostOptions> wechat) => new()
    {
        ["passwordLoginTypes"] = new JsonArray([.. app.FindElements("." + PasswordType)
            .Where(e => e.Layer == ElementLayer.Instance && authorizer.IsReachable(e))
            .Select(e => (JsonNode)new JsonObject { ["fullName"] = e.FullName, ["title"] = e.Title })]),
        ["sandbox"] = wechat.Value.Mode == WeChatMode.Sandbox,
    };

    private static async Task<JsonObject> SandboxSignInAsync(HttpRequest request, SandboxSignInLink link, ConsoleAdminAccount admin)
    {
        string? code = null;
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            code = body is JsonObject o && o["code"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        }
        catch (JsonException)
        {
            // A malformed body is an invalid link like any other: the answer says nothing more.
        }

        if (!link.TryRedeem(code))
        {
            throw new ElementException(HostErrorCodes.ConsoleLinkInvalid, "the sign-in link is unknown, expired or already used; restart the host for a new one");
        }

        return await admin.SignInAsync(request.HttpContext.RequestAborted);
    }

    private static JsonObject Element(string fullName, HttpContext context, ElementCatalog catalog, ElementAuthorizer authorizer)
    {
        var roles = authorizer.RolesFor(authenticated: true, User(context).Roles);
        return catalog.Detail(fullName, (element, function) => authorizer.Decide(roles, true, element, function).Allowed)
            ?? throw new ElementException(ElementErrorCodes.UnknownElement, $"no element named '{fullName}'");
    }

    /// <summary>Server-sent events read with <c>fetch()</c> (the Authorization header travels; no token in the URL):
    /// <c>event: health</c> with the health JSON at connect and after every reload attempt, a comment every
    /// <see cref="ConsoleOptions.HealthStreamPing"/>.</summary>
    private static async Task HealthStreamAsync(HttpContext context, ConsoleHealth health, IOptions<ConsoleOptions> options, IHostApplicationLifetime lifetime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged() => changes.Writer.TryWrite(true);
        health.Changed += OnChanged;
        try
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            await WriteAsync(response, Event(health.Snapshot()), stop.Token);
            while (!stop.IsCancellationRequested)
            {
                using var ping = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                ping.CancelAfter(options.Value.HealthStreamPing);
                try
                {
                    await changes.Reader.ReadAsync(ping.Token);
                    await WriteAsync(response, Event(health.Snapshot()), stop.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await WriteAsync(response, ": ping\n\n", stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The browser went away or the host is stopping: the stream simply ends.
        }
        finally
        {
            health.Changed -= OnChanged;
        }
    }

    private static string Event(JsonObject health) => $"event: health\ndata: {health.ToJsonString(StreamJson)}\n\n";

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
