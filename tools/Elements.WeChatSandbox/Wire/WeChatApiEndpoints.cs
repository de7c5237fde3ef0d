using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.WeChatSandbox.State;

namespace Elements.WeChatSandbox.Wire;

/// <summary>
/// The WeChat API paths, answering like WeChat: HTTP 200 with a JSON body served as <c>text/plain</c>, errors as
/// <c>{errcode, errmsg}</c>. Every call is counted and may consume an injected fault first.
/// </summary>
internal static class WeChatApiEndpoints
{
    public const string Code2Session = "/sns/jscode2session";
    public const string OAuthAccessToken = "/sns/oauth2/access_token";
    public const string OAuthRefreshToken = "/sns/oauth2/refresh_token";
    public const string UserInfo = "/sns/userinfo";
    public const string SnsAuth = "/sns/auth";
    public const string Token = "/cgi-bin/token";
    public const string StableToken = "/cgi-bin/stable_token";
    public const string CustomSend = "/cgi-bin/message/custom/send";
    public const string PhoneNumber = "/wxa/business/getuserphonenumber";

    private static readonly string[] GetAndPost = ["GET", "POST"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Code2Session, (HttpContext context, SandboxState state) =>
            Serve(context, state, Code2Session, q => state.Code2Session(q("appid"), q("secret"), q("js_code"))));
        endpoints.MapGet(OAuthAccessToken, (HttpContext context, SandboxState state) =>
            Serve(context, state, OAuthAccessToken, q => state.OAuthAccessToken(q("appid"), q("secret"), q("code"), q("grant_type"))));
        endpoints.MapGet(OAuthRefreshToken, (HttpContext context, SandboxState state) =>
            Serve(context, state, OAuthRefreshToken, q => state.OAuthRefreshToken(q("appid"), q("grant_type"), q("refresh_token"))));
        endpoints.MapGet(UserInfo, (HttpContext context, SandboxState state) =>
            Serve(context, state, UserInfo, q => state.UserInfo(q("access_token"), q("openid"), q("lang"))));
        endpoints.MapGet(SnsAuth, (HttpContext context, SandboxState state) =>
            Serve(context, state, SnsAuth, q => state.SnsAuth(q("access_token"), q("openid"))));
        endpoints.MapGet(Token, (HttpContext context, SandboxState state) =>
            Serve(context, state, Token, q => state.ClassicToken(q("grant_type"), q("appid"), q("secret"))));
        endpoints.MapMethods(StableToken, GetAndPost, (HttpContext context, SandboxState state) =>
            ServeJsonPost(context, state, StableToken, (_, body) => state.StableToken(body)));
        endpoints.MapMethods(CustomSend, GetAndPost, (HttpContext context, SandboxState state) =>
            ServeJsonPost(context, state, CustomSend, (q, body) => state.CustomSend(q("access_token"), body)));
        endpoints.MapMethods(PhoneNumber, GetAndPost, (HttpContext context, SandboxState state) =>
            ServeJsonPost(context, state, PhoneNumber, (q, body) => state.PhoneNumber(q("access_token"), body)));
    }

    private static Task Serve(HttpContext context, SandboxState state, string path, Func<Func<string, string?>, JsonObject> handle) =>
        ServeCore(context, state, path, () => Task.FromResult(handle(Query(context))));

    private static Task ServeJsonPost(HttpContext context, SandboxState state, string path, Func<Func<string, string?>, JsonObject, JsonObject> handle) =>
        ServeCore(context, state, path, async () =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                return WeChatErrorBodies.Create(43002);
            }

            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            if (string.IsNullOrWhiteSpace(text))
            {
                return WeChatErrorBodies.Create(44002);
            }

            JsonObject? body;
            try
            {
                body = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            return body is null ? WeChatErrorBodies.Create(47001) : handle(Query(context), body);
        });

    private static async Task ServeCore(HttpContext context, SandboxState state, string path, Func<Task<JsonObject>> handle)
    {
        var fault = state.BeginCall(path, Query(context));
        if (fault is { DelayMs: > 0, DelayAfterHandling: true })
        {
            var body = await handle();
            try
            {
                await Task.Delay(fault.DelayMs.Value, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Write(context, body);
            return;
        }

        if (fault is not null)
        {
            if (fault.DelayMs is > 0)
            {
                try
                {
                    // Real time on purpose: the client's timeout is what is being exercised.
                    await Task.Delay(fault.DelayMs.Value, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (fault.DropConnection)
            {
                context.Abort();
                return;
            }

            if (fault.HttpStatus is { } status)
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync($"<html><head><title>{status}</title></head><body><center><h1>{status}</h1></center><hr><center>nginx</center></body></html>");
                return;
            }

            if (fault.MalformedJson)
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("{\"errcode\":0,\"errmsg\":\"ok\",\"access_tok");
                return;
            }

            if (fault.Errcode is { } errcode)
            {
                await Write(context, WeChatErrorBodies.Create(errcode, fault.Errmsg));
                return;
            }
        }

        await Write(context, await handle());
    }

    private static Task Write(HttpContext context, JsonObject body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        // Real WeChat serves its JSON as text/plain; clients must not insist on application/json.
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(body.ToJsonString(SandboxJson.Wire));
    }

    private static Func<string, string?> Query(HttpContext context) =>
        name => context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
