using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Std.ApiAuths;

namespace Elements.Host.Tests.Security.Hostile;

/// <summary>
/// A machine client of an API authorization (<c>apiAuths.NormalType</c>) over real HTTP on a copy of the sample app:
/// signed calls are served within the client's <c>apis</c>, and refused with their stable codes otherwise; every call
/// of a known client, refused ones included, is in its call log.
/// </summary>
public sealed class ApiClientHttpTests : IAsyncLifetime
{
    private const string Secret = "partner-secret-0123456789abcdef";
    private const string AccessKey = "partner";

    private SampleAppCopy _copy = null!;
    private TestHost _host = null!;
    private HostileCaller _caller = null!;

    public async Task InitializeAsync()
    {
        _copy = SampleAppCopy.Create();
        var folder = Path.Combine(_copy.Root, "apiAuths", "Partner");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "e.json"), """{ "title": "Partner", "type": "apiAuths.NormalType" }""");
        await File.WriteAllTextAsync(Path.Combine(folder, "Partner.json"), $$"""
            { "accessKey": "{{AccessKey}}", "accessSecret": "{{"{{"}}PARTNER_SECRET{{"}}"}}", "apis": ["auths.models.UserModel.query", "models.Todo.*"] }
            """);
        var appJson = Path.Combine(_copy.Root, "app.json");
        var app = JsonNode.Parse(await File.ReadAllTextAsync(appJson))!.AsObject();
        app["envVars"] = new JsonObject { ["PARTNER_SECRET"] = Secret };
        await File.WriteAllTextAsync(appJson, app.ToJsonString());
        _host = await _copy.StartAsync();
        _caller = new HostileCaller(_host);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _copy.Dispose();
    }

    [Fact]
    public async Task A_signed_call_within_its_apis_is_served_and_every_kind_of_bad_signature_is_refused()
    {
        await _caller.SignUpAsync("alice");
        const string users = "auths/models/UserModel/query";

        using (var ok = await SendAsync(users, "{}", nonce: "nonce-00000001"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(1L, (long)JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["totalCount"]!);
        }

        await AssertRefusedAsync(await SendAsync(users, "{}", nonce: "nonce-00000001"), HttpStatusCode.Unauthorized, ApiAuthErrorCodes.Replay);
        await AssertRefusedAsync(await SendAsync(users, "{}", nonce: "nonce-00000002", secret: "not-the-partner-secret-000"),
            HttpStatusCode.Unauthorized, ApiAuthErrorCodes.SignatureInvalid);
        await AssertRefusedAsync(await SendAsync(users, "{}", nonce: "nonce-00000003", accessKey: "nobody"),
            HttpStatusCode.Unauthorized, ApiAuthErrorCodes.SignatureInvalid);
        await AssertRefusedAsync(await SendAsync(users, "{}", nonce: "nonce-00000004", age: TimeSpan.FromSeconds(301)),
            HttpStatusCode.Unauthorized, ApiAuthErrorCodes.SignatureExpired);
        // The body is signed: a changed one is a bad signature, not another call.
        await AssertRefusedAsync(await SendAsync(users, "{}", nonce: "nonce-00000005", sentBody: """{"size": 1}"""),
            HttpStatusCode.Unauthorized, ApiAuthErrorCodes.SignatureInvalid);
        await AssertRefusedAsync(await SendAsync("auths/models/UserModel/deleteByFilter", """{"filter": "Q(userId>0)"}""", nonce: "nonce-00000006"),
            HttpStatusCode.Forbidden, "EL_FORBIDDEN");
        await AssertRefusedAsync(await SendAsync("auths/loginTypes/PasswordType/register", "{}", nonce: "nonce-00000007"),
            HttpStatusCode.NotFound, "EL_UNKNOWN_ELEMENT");
        Assert.Single(await _caller.UsersAsync());

        var log = await _caller.App.InvokeAsync(ApiRequestVerifier.CallLogModelName, "query",
            new JsonObject { ["orderList"] = new JsonArray(new JsonArray("id", 1)) });
        var codes = log!["rowDatas"]!.AsArray().Select(r => (string)r!["code"]!).ToList();
        Assert.Equal(["ok", "EL_FORBIDDEN", "EL_UNKNOWN_ELEMENT"], codes);
        Assert.All(log["rowDatas"]!.AsArray(), r => Assert.Equal(AccessKey, (string?)r!["accessKey"]));
    }

    [Fact]
    public async Task A_machine_client_acts_on_every_row_of_an_owned_model_it_is_granted()
    {
        var (_, alice) = await _caller.SignUpAsync("alice");
        await _caller.CallOkAsync("models/Todo/create", new JsonObject { ["rowData"] = new JsonObject { ["title"] = "alice's" } }, alice);

        using var response = await SendAsync("models/Todo/query", "{}", nonce: "nonce-00000010");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1L, (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["totalCount"]!);
    }

    [Fact]
    public async Task A_signed_client_cannot_act_as_a_user()
    {
        var (alice, _) = await _caller.SignUpAsync("alice");

        await AssertRefusedAsync(await SendAsync("models/Todo/query", "{}", nonce: "nonce-00000020", actAs: alice),
            HttpStatusCode.Forbidden, "EL_FORBIDDEN");
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string body, string nonce, string secret = Secret, string accessKey = AccessKey,
        TimeSpan age = default, string? sentBody = null, long? actAs = null)
    {
        var url = "/" + HostileCaller.Api + path;
        var timestamp = DateTimeOffset.UtcNow.Subtract(age).ToUnixTimeMilliseconds();
        // Computed here from the documented scheme, not with the server's own ApiSignature: a client's view.
        var toSign = string.Join('\n', "POST", url, timestamp.ToString(CultureInfo.InvariantCulture), nonce,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(toSign)));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(sentBody ?? body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ApiAuthHeaders.AccessKey, accessKey);
        request.Headers.Add(ApiAuthHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ApiAuthHeaders.Nonce, nonce);
        request.Headers.Add(ApiAuthHeaders.Signature, signature);
        if (actAs is not null)
        {
            request.Headers.Add("X-Elements-Act-As", actAs.Value.ToString(CultureInfo.InvariantCulture));
        }

        var response = await _host.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var problem = await TestHost.ReadProblemAsync(response);
            Assert.True(status == response.StatusCode && code == (string?)problem["code"],
                $"expected {(int)status} {code}, got {(int)response.StatusCode} {problem.ToJsonString()}");
        }
    }
}
