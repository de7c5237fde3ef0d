using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.WeChatSandbox.Contracts;

namespace Elements.WeChatSandbox.Client;

/// <summary>
/// Typed access to the sandbox's control API for tests and demos. The <see cref="HttpClient"/> must have the
/// sandbox's root as <see cref="HttpClient.BaseAddress"/> (e.g. http://127.0.0.1:5990/).
/// </summary>
public sealed class WeChatSandboxClient(HttpClient http, string controlPrefix = "/sandbox")
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _prefix = controlPrefix.TrimEnd('/');

    public HttpClient Http => http;

    public Task ResetAsync(CancellationToken cancellationToken = default) => PostAsync("/reset", null, cancellationToken);

    /// <summary>Registers (or replaces) an app; the answer leaves the secret out.</summary>
    public Task<SandboxAppView> RegisterAppAsync(SandboxAppRegistration app, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxAppView>("/apps", app, cancellationToken);

    public Task<List<SandboxAppView>> GetAppsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<SandboxAppView>>("/apps", cancellationToken);

    public Task<SandboxUserRegistration> RegisterUserAsync(SandboxUserRegistration user, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxUserRegistration>("/users", user, cancellationToken);

    /// <summary>The user's openid in <paramref name="appId"/> (and unionid when the app is bound to an open platform).</summary>
    public Task<SandboxUserView> GetUserAsync(string appId, string userId, CancellationToken cancellationToken = default) =>
        GetAsync<SandboxUserView>($"/apps/{E(appId)}/users/{E(userId)}", cancellationToken);

    /// <summary>A wx.login code (single use, 5 minutes) for <c>sns/jscode2session</c>.</summary>
    public Task<SandboxCode> MintLoginCodeAsync(string appId, string userId, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxCode>($"/apps/{E(appId)}/users/{E(userId)}/login-code", null, cancellationToken);

    /// <summary>A getPhoneNumber code for <c>wxa/business/getuserphonenumber</c>.</summary>
    public Task<SandboxCode> MintPhoneCodeAsync(string appId, string userId, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxCode>($"/apps/{E(appId)}/users/{E(userId)}/phone-code", null, cancellationToken);

    /// <summary>A web OAuth2 code as if the user had allowed the consent page.</summary>
    public Task<SandboxCode> MintOAuthCodeAsync(string appId, string userId, string scope = "snsapi_userinfo", CancellationToken cancellationToken = default) =>
        PostAsync<SandboxCode>($"/apps/{E(appId)}/users/{E(userId)}/oauth-code?scope={E(scope)}", null, cancellationToken);

    /// <summary>The user messaged the app: opens the 48-hour customer-service window and resets the message count.</summary>
    public Task RecordInteractionAsync(string appId, string userId, CancellationToken cancellationToken = default) =>
        PostAsync($"/apps/{E(appId)}/users/{E(userId)}/interactions", null, cancellationToken);

    /// <summary>The user's profile encrypted as wx.getUserInfo returns it, with the given login's session_key (default: latest login).</summary>
    public Task<SandboxEncryptedData> EncryptUserProfileAsync(string appId, string userId, string? sessionKey = null, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxEncryptedData>($"/apps/{E(appId)}/users/{E(userId)}/encrypted-data", new SandboxEncryptRequest { SessionKey = sessionKey }, cancellationToken);

    /// <summary>Customer-service messages delivered to the app's users.</summary>
    public Task<List<SandboxMessage>> GetMessagesAsync(string appId, CancellationToken cancellationToken = default) =>
        GetAsync<List<SandboxMessage>>($"/apps/{E(appId)}/messages", cancellationToken);

    public Task InjectFaultAsync(SandboxFault fault, CancellationToken cancellationToken = default) => PostAsync("/faults", fault, cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) => SendAsync(HttpMethod.Delete, "/faults", null, cancellationToken);

    /// <summary>Calls per WeChat API path since start (or the last reset), faulted calls included.</summary>
    public Task<Dictionary<string, int>> GetCallCountsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<Dictionary<string, int>>("/calls", cancellationToken);

    public async Task<int> GetCallCountAsync(string path, CancellationToken cancellationToken = default) =>
        (await GetCallCountsAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(path);

    public Task ClearCallCountsAsync(CancellationToken cancellationToken = default) => SendAsync(HttpMethod.Delete, "/calls", null, cancellationToken);

    public Task<SandboxClockState> GetClockAsync(CancellationToken cancellationToken = default) => GetAsync<SandboxClockState>("/clock", cancellationToken);

    public Task<SandboxClockState> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxClockState>("/clock/advance", new SandboxClockAdvance { Seconds = by.TotalSeconds }, cancellationToken);

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(_prefix + path, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, path, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(_prefix + path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json), cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(response, path, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false))!;
    }

    private Task PostAsync(string path, object? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, _prefix + path)
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
        };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? error = null;
        try
        {
            error = JsonNode.Parse(text)?["error"]?.GetValue<string>();
        }
        catch (JsonException)
        {
        }

        throw new HttpRequestException($"Sandbox {path} answered {(int)response.StatusCode}: {error ?? text}", null, response.StatusCode);
    }

    private static string E(string value) => Uri.EscapeDataString(value);
}
