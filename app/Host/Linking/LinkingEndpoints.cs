using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Elements.Host.Profiles;
using Elements.Hosting.AspNetCore.Diagnostics;
using Elements.Std.Auths.WeChatPublic;
using Microsoft.Extensions.Options;

namespace Elements.Host.Linking;

/// <summary>
/// XPKit's WeChat linking flow (Social Link). <c>GET /api/wechat/authorise/</c> checks account_id (105) and application_uri
/// (101) and answers those with an error page, because an unchecked URI is never redirected to; after that every
/// outcome goes back to application_uri with <c>profile_id</c> or <c>error_code</c> (100 for a non-WeChat browser).
/// The checked application_uri is kept server-side under the state the login element issued, and the callback takes it
/// from there, never from its own query string. The callback also requires the browser that started the flow
/// (<see cref="LinkBrowserBinding"/>).
/// </summary>
internal static partial class LinkingEndpoints
{
    public const string AuthorisePath = "/api/wechat/authorise";
    public const string CallbackPath = "/api/wechat/callback";
    private const string LoggerCategory = "Elements.Host.Linking";

    public static void MapLinking(this IEndpointRouteBuilder endpoints)
    {
        // Pages a browser is sent through (redirects to WeChat and back), not calls a client makes: not in the API document.
        endpoints.MapGet(AuthorisePath, AuthoriseAsync).WithName("WeChatLinkingAuthorise").ExcludeFromDescription();
        endpoints.MapGet(CallbackPath, CallbackAsync).WithName("WeChatLinkingCallback").ExcludeFromDescription();
    }

    private static async Task<IResult> AuthoriseAsync(HttpContext context, ElementApp app, IOptionsMonitor<LinkingOptions> options,
        LinkRequestStore requests, LinkingMetrics metrics, ILoggerFactory loggers)
    {
        var query = context.Request.Query;
        var settings = options.CurrentValue;
        var accountId = query["account_id"].ToString();
        if (accountId.Length == 0 || !settings.Accounts.TryGetValue(accountId, out var account) || Resolve(app, account) is not { } login)
        {
            metrics.Record("authorise", LinkingErrorCodes.InvalidAccount);
            return ErrorPage(LinkingErrorCodes.InvalidAccount, "The account_id is missing or is not a configured account.");
        }

        if (!TryCheckApplicationUri(query["application_uri"].ToString(), account, out var applicationUri))
        {
            metrics.Record("authorise", LinkingErrorCodes.InvalidServiceAccount);
            return ErrorPage(LinkingErrorCodes.InvalidServiceAccount, "The application_uri is missing, malformed, or its domain is not configured for this account.");
        }

        if (!login.IsWeChatBrowser(context.Request.Headers.UserAgent.ToString()))
        {
            metrics.Record("authorise", LinkingErrorCodes.InvalidUserAgent);
            return Back(applicationUri, "error_code", LinkingErrorCodes.InvalidUserAgent.ToString(CultureInfo.InvariantCulture));
        }

        var authType = query["auth_type"].ToString();
        if (authType.Length == 0)
        {
            authType = "snsapi_base";
        }
        else if (authType is not ("snsapi_base" or "snsapi_userinfo"))
        {
            return ErrorPage(null, "auth_type must be snsapi_base or snsapi_userinfo.");
        }

        var baseUrl = string.IsNullOrEmpty(settings.PublicBaseUrl)
            ? $"{context.Request.Scheme}://{context.Request.Host.Value}"
            : settings.PublicBaseUrl.TrimEnd('/');
        string authorizeUrl;
        try
        {
            authorizeUrl = login.Login(baseUrl + CallbackPath, null, authType);
        }
        catch (ElementException ex)
        {
            // The host's own callback domain is not in the login element's redirectDomains: a configuration error.
            LogMisconfigured(loggers.CreateLogger(LoggerCategory), accountId, ex.Code);
            return ErrorPage(null, "This account's WeChat login is not configured for this host's address.", StatusCodes.Status500InternalServerError);
        }

        var state = StateOf(authorizeUrl);
        if (state is null)
        {
            return ErrorPage(null, "The WeChat login element did not issue a state.", StatusCodes.Status500InternalServerError);
        }

        var ttl = TimeSpan.FromSeconds(Math.Clamp(settings.RequestTtlSeconds, 30, 3600));
        await requests.AddAsync(state, accountId, applicationUri, ttl, context.RequestAborted);
        LinkBrowserBinding.Bind(context, state, ttl);
        metrics.Record("authorise", null);
        return Results.Redirect(authorizeUrl);
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, ElementApp app, IOptionsMonitor<LinkingOptions> options,
        LinkRequestStore requests, IProfileStore profiles, LinkingMetrics metrics, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LoggerCategory);
        var query = context.Request.Query;
        var state = query["state"].ToString();
        if (!LinkBrowserBinding.TryRedeem(context, state))
        {
            // Checked before the state is consumed: a link someone else started cannot burn or complete it here.
            metrics.Record("callback", null, "foreign_browser");
            return ErrorPage(null, "This sign-in was not started in this browser. Start again from the application.");
        }

        var request = await requests.TryConsumeAsync(state, context.RequestAborted);
        if (request is null)
        {
            metrics.Record("callback", null, "unknown_state");
            return ErrorPage(null, "This sign-in link is unknown, expired or was already used. Start again from the application.");
        }

        if (!options.CurrentValue.Accounts.TryGetValue(request.AccountId, out var account) || Resolve(app, account) is not { } login)
        {
            return Fail(LinkingErrorCodes.InvalidAccount);
        }

        var code = query["code"].ToString();
        if (code.Length == 0)
        {
            return Fail(LinkingErrorCodes.NoCode);
        }

        try
        {
            await login.VerifyStateAsync(state, context.RequestAborted);
        }
        catch (ElementException ex)
        {
            LogStep(logger, request.AccountId, "state", ex.Code);
            return Fail(LinkingErrorCodes.NoCode);
        }

        WeChatIdentity identity;
        try
        {
            var info = await login.FetchUserInfoAsync(code, context.RequestAborted);
            identity = new WeChatIdentity(login.AppId, info["openid"]!.GetValue<string>(),
                info["unionid"] is System.Text.Json.Nodes.JsonValue u && u.TryGetValue<string>(out var union) && union.Length > 0 ? union : null, info);
        }
        catch (ElementException ex)
        {
            LogStep(logger, request.AccountId, "token", ex.Code);
            return Fail(LinkingErrorCodes.NoToken);
        }

        string profileId;
        try
        {
            profileId = await profiles.SaveWeChatAsync(identity, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProfileFailed(logger, ex, request.AccountId);
            return Fail(LinkingErrorCodes.ProfileNotSaved);
        }

        metrics.Record("callback", null);
        return Back(request.ApplicationUri, "profile_id", profileId);

        IResult Fail(int errorCode)
        {
            metrics.Record("callback", errorCode);
            return Back(request.ApplicationUri, "error_code", errorCode.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static WeChatPublicLoginElement? Resolve(ElementApp app, LinkingAccount account) =>
        account.Login.Length > 0 && app.TryGetElement(account.Login, out var element) ? element as WeChatPublicLoginElement : null;

    /// <summary>An absolute http(s) URI without user info whose host (or host:port) is one of the account's domains.</summary>
    internal static bool TryCheckApplicationUri(string? value, LinkingAccount account, out string applicationUri)
    {
        applicationUri = "";
        if (string.IsNullOrEmpty(value) || value.Length > 2048
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0)
        {
            return false;
        }

        if (!account.ApplicationDomains.Any(d => string.Equals(d, uri.Host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(d, uri.Authority, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        applicationUri = uri.AbsoluteUri;
        return true;
    }

    /// <summary>The query parameters the host hands the application: whoever wrote application_uri must not be able
    /// to pre-fill them.</summary>
    private static readonly string[] ResultParameters = ["profile_id", "error_code"];

    /// <summary>application_uri with one query parameter added (its own query and fragment kept, except any
    /// <see cref="ResultParameters"/> it already carried: an application reading the first <c>profile_id</c> would
    /// otherwise take the one planted in the link).</summary>
    internal static IResult Back(string applicationUri, string name, string value)
    {
        var builder = new UriBuilder(applicationUri);
        var extra = Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        var kept = builder.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Where(pair => !IsResultParameter(pair)).ToList();
        kept.Add(extra);
        builder.Query = string.Join("&", kept);
        return Results.Redirect(builder.Uri.AbsoluteUri);
    }

    /// <summary>Compared decoded and ignoring case, as ASP.NET Core's and most frameworks' query readers match names.</summary>
    private static bool IsResultParameter(string pair)
    {
        var name = pair.Split('=', 2)[0].Replace('+', ' ');
        name = Uri.UnescapeDataString(name);
        return ResultParameters.Any(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
    }

    private static string? StateOf(string authorizeUrl)
    {
        var query = new Uri(authorizeUrl).Query.TrimStart('?');
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith("state=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair["state=".Length..]);
            }
        }

        return null;
    }

    private static IResult ErrorPage(int? errorCode, string message, int status = StatusCodes.Status400BadRequest)
    {
        var code = errorCode?.ToString(CultureInfo.InvariantCulture) ?? "";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign-in with WeChat failed</title>
              <link rel="stylesheet" href="/site.css">
            </head>
            <body>
              <main class="page narrow">
                <section class="card" id="link-error" data-error-code="{{code}}">
                  <h1>Sign-in with WeChat failed</h1>
                  {{(code.Length > 0 ? $"<p class=\"badge error\">error_code {code}</p>" : "")}}
                  <p>{{WebUtility.HtmlEncode(message)}}</p>
                  <p class="muted">You can close this page and start again from the application.</p>
                </section>
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Linking account {AccountId}: its login element refused this host's callback URL ({Code}); add the host to the element's redirectDomains")]
    private static partial void LogMisconfigured(ILogger logger, string accountId, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Linking account {AccountId}: {Step} failed with {Code}")]
    private static partial void LogStep(ILogger logger, string accountId, string step, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Linking account {AccountId}: the profile could not be saved")]
    private static partial void LogProfileFailed(ILogger logger, Exception exception, string accountId);
}

/// <summary>Counter <c>elements.host.linking</c>: linking steps by outcome (<c>ok</c> or the error code).</summary>
internal sealed class LinkingMetrics
{
    public const string Instrument = "elements.host.linking";
    private readonly Counter<long> _counter;

    public LinkingMetrics(IMeterFactory meterFactory) =>
        _counter = meterFactory.Create(ElementsHostTelemetry.MeterName).CreateCounter<long>(Instrument, "{request}", "WeChat linking flow steps");

    public void Record(string step, int? errorCode, string? outcome = null) =>
        _counter.Add(1, new TagList
        {
            { "elements.linking.step", step },
            { ElementsHostTelemetry.OutcomeTag, outcome ?? (errorCode is { } c ? c.ToString(CultureInfo.InvariantCulture) : ElementsHostTelemetry.SuccessOutcome) },
        });
}
