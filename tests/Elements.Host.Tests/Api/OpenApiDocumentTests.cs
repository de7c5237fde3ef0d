using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Hosting.AspNetCore.OpenApi;
using Elements.Std.Roles;
using Elements.Testing.Repository;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Elements.Host.Tests.Api;

/// <summary>The element API described as OpenAPI at <c>/openapi/v1.json</c>, on the sample app (sandbox mode: the
/// whole document by default).</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private const string Base = "api/demo/SampleApp/";
    private SampleAppCopy _copy = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _copy = SampleAppCopy.Create();
        _host = await _copy.StartAsync(new Dictionary<string, string?> { ["Elements:Watch"] = "true" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _copy.Dispose();
    }

    [Fact]
    public async Task Every_function_the_host_serves_is_one_operation_and_the_document_reads_back_clean()
    {
        var text = await _host.Http.GetStringAsync("/openapi/v1.json");
        var document = JsonNode.Parse(text)!;
        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Empty(read.Diagnostic.Warnings);

        var operations = Operations(document).Where(o => o.Path.StartsWith("/" + Base, StringComparison.Ordinal)).ToList();
        var served = _host.Services.GetRequiredService<ElementAuthorizer>().ReachableFunctions()
            .Select(f => $"{f.Element.FullName}.{f.Function.Name}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(served, operations.Select(o => (string)o.Operation["operationId"]!).Order(StringComparer.Ordinal));
        Assert.All(operations, o => Assert.Equal("post", o.Method));
        // Internal elements are no operations: the account tables are not served.
        Assert.DoesNotContain(operations, o => ((string)o.Operation["operationId"]!).StartsWith("auths.models.SessionModel", StringComparison.Ordinal));

        var query = operations.Single(o => (string)o.Operation["operationId"]! == "models.Todo.query");
        Assert.Equal("/api/demo/SampleApp/models/Todo/query", query.Path);
        Assert.Equal("models", (string)query.Operation["tags"]![0]!);
        // A function a Type declares: one arguments schema for all its instances, named after the Type.
        var reference = (string)query.Operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
        Assert.Equal("#/components/schemas/models.NormalType.query", reference);
        var body = Resolve(document, reference);
        Assert.Equal(["filter", "fieldList", "orderList", "page", "size", "level"], body["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("integer", (string)body["properties"]!["page"]!["type"]!);
        Assert.Equal(["session", "apiAuthorization"], query.Operation["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        var permission = query.Operation[ElementApiDescriber.PermissionExtension]!;
        Assert.True((bool)permission["loginRequired"]!);
        Assert.False((bool)permission["anonymous"]!);
        Assert.True((bool)permission["authenticated"]!);

        // Open functions take anonymous callers: an empty security requirement.
        var login = operations.Single(o => (string)o.Operation["operationId"]! == "auths.services.AuthSvc.login").Operation;
        Assert.Empty(login["security"]![0]!.AsObject());
        var loginBody = Resolve(document, (string)login["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!);
        Assert.Equal(["loginCode"], loginBody["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task Model_rows_and_pages_are_described_by_the_models_fields()
    {
        var document = JsonNode.Parse(await _host.Http.GetStringAsync("/openapi/v1.json"))!;
        var row = document["components"]!["schemas"]!["models.Todo"]!;
        Assert.Equal(["id", "title", "done", "createdAt", "userId"], row["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("integer", (string)row["properties"]!["id"]!["type"]!);
        Assert.True((bool)row["properties"]!["id"]!["readOnly"]!);
        Assert.Equal(100, (int)row["properties"]!["title"]!["maxLength"]!);
        Assert.Equal(["boolean", "null"], row["properties"]!["done"]!["type"]!.AsArray().Select(t => (string)t!).Order());
        Assert.Equal("date-time", (string)row["properties"]!["createdAt"]!["format"]!);

        var paths = document["paths"]!;
        var page = paths["/api/demo/SampleApp/models/Todo/query"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("#/components/schemas/models.Todo", (string)page["properties"]!["rowDatas"]!["items"]!["$ref"]!);
        Assert.Equal("integer", (string)page["properties"]!["totalCount"]!["type"]!);
        var create = paths["/api/demo/SampleApp/models/Todo/create"]!["post"]!;
        Assert.Equal("#/components/schemas/models.Todo", (string)create["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!["rowData"]!["$ref"]!);
        Assert.Equal(["rowData"], create["requestBody"]!["content"]!["application/json"]!["schema"]!["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("#/components/schemas/models.Todo", (string)create["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!);
    }

    [Fact]
    public async Task Real_calls_match_the_schemas_and_their_error_codes_are_the_ones_listed()
    {
        var document = JsonNode.Parse(await _host.Http.GetStringAsync("/openapi/v1.json"))!;
        var token = await RegisterAndLoginAsync("olga");

        // A body built from the request schema is accepted; the answer has the row schema's properties and types.
        var rowSchema = document["components"]!["schemas"]!["models.Todo"]!["properties"]!.AsObject();
        var created = await CallAsync("models/Todo/create", new { rowData = new { title = "from the schema", done = false } }, token);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        foreach (var (name, value) in created.Body!.AsObject())
        {
            Assert.True(rowSchema.ContainsKey(name), $"{name} is not in the row schema");
            AssertMatchesType(rowSchema[name]!, value, name);
        }

        var page = await CallAsync("models/Todo/query", new { filter = "Q(done=False)" }, token);
        Assert.Equal(1, (int)page.Body!["totalCount"]!);
        Assert.Single(page.Body["rowDatas"]!.AsArray());

        // Refusals answer with a status the operation lists and a code in that status's enum.
        await AssertListedAsync(document, "models/Todo/create", new { }, token, HttpStatusCode.BadRequest, "EL_MISSING_ARG");
        await AssertListedAsync(document, "models/Todo/query", new { filter = "Q(nope=1)" }, token, HttpStatusCode.UnprocessableEntity, "DB_UNKNOWN_FIELD");
        await AssertListedAsync(document, "models/Todo/query", new { }, null, HttpStatusCode.Unauthorized, "EL_UNAUTHENTICATED");
        await AssertListedAsync(document, "auths/models/UserModel/query", new { }, token, HttpStatusCode.Forbidden, "EL_FORBIDDEN");
        await AssertListedAsync(document, "auths/loginTypes/Passwords/getLoginCode", new { username = "olga", password = "wrong password!" }, null,
            HttpStatusCode.UnprocessableEntity, "AUTH_INVALID_CREDENTIALS");
        await AssertListedAsync(document, "auths/services/AuthSvc/login", new { loginCode = "not-a-code" }, null,
            HttpStatusCode.UnprocessableEntity, "AUTH_LOGIN_CODE_INVALID");
    }

    [Fact]
    public async Task For_me_lists_only_what_the_caller_may_call()
    {
        var matrix = _host.Services.GetRequiredService<ElementAuthorizer>().GetMatrix();
        var anonymous = Operations(JsonNode.Parse(await _host.Http.GetStringAsync("/openapi/v1.json?for=me"))!)
            .Where(o => o.Path.StartsWith("/" + Base, StringComparison.Ordinal)).Select(o => (string)o.Operation["operationId"]!).Order().ToList();
        Assert.Equal(matrix.Where(p => p.Anonymous).Select(p => p.Function).Order(), anonymous);
        Assert.Contains("auths.services.AuthSvc.login", anonymous);
        Assert.DoesNotContain("models.Todo.query", anonymous);

        var token = await RegisterAndLoginAsync("pavel");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json?for=me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _host.Http.SendAsync(request);
        var mine = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var signedIn = Operations(mine).Where(o => o.Path.StartsWith("/" + Base, StringComparison.Ordinal))
            .Select(o => (string)o.Operation["operationId"]!).Order().ToList();
        Assert.Equal(matrix.Where(p => p.Authenticated).Select(p => p.Function).Order(), signedIn);
        Assert.Contains("models.Todo.query", signedIn);
        Assert.DoesNotContain("auths.models.UserModel.query", signedIn);
        // Row schemas of models the caller cannot call are not shown either.
        Assert.NotNull(mine["components"]!["schemas"]!["models.Todo"]);
        Assert.Null(mine["components"]!["schemas"]!["auths.models.UserModel"]);

        // A bad credential is refused, not served the anonymous view; for= takes only "me".
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json?for=me");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged");
        using var refused = await _host.Http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("EL_INVALID_SESSION", (string)(await TestHost.ReadProblemAsync(refused))["code"]!);
        using var other = await _host.Http.GetAsync("/openapi/v1.json?for=admin");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task The_document_is_built_once_per_registry_and_again_after_a_hot_reload()
    {
        var cache = _host.Services.GetRequiredService<OpenApiDocumentCache>();
        var before = cache.Builds;
        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _host.Http.GetStringAsync("/openapi/v1.json")));
        Assert.Single(first.Distinct());
        Assert.Equal(before + 1, cache.Builds);

        // A new element folder: its function appears once the registry swaps, from a new build.
        var folder = Path.Combine(_copy.Root, "models", "Note");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "e.json"), """
            {
              "title": "Note",
              "type": "models.NormalType",
              "fields": [
                { "name": "id", "dataType": "AutoInt", "primaryKey": true },
                { "name": "text", "dataType": "Ltext" }
              ]
            }
            """);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode? document = null;
        while (DateTime.UtcNow < deadline)
        {
            document = JsonNode.Parse(await _host.Http.GetStringAsync("/openapi/v1.json"))!;
            if (document["paths"]!["/api/demo/SampleApp/models/Note/query"] is not null)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.NotNull(document!["paths"]!["/api/demo/SampleApp/models/Note/query"]);
        Assert.Equal(["id", "text"], document["components"]!["schemas"]!["models.Note"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.True(cache.Builds >= before + 2);
    }

    [Fact]
    public async Task The_served_element_api_is_what_elements_openapi_writes()
    {
        var served = JsonNode.Parse(await _host.Http.GetStringAsync("/openapi/v1.json"))!;
        var offline = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SampleApp.RepositoryRoot, "clients", "openapi", "sample-app.v1.json")))!;
        foreach (var (path, item) in offline["paths"]!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(item, served["paths"]![path]), $"{path} differs between the host and clients/openapi/sample-app.v1.json");
        }

        Assert.True(JsonNode.DeepEquals(offline["components"], served["components"]));
        // Beside them, the sample host's own endpoints (mapped in its C#, so only in the served document).
        Assert.NotNull(served["paths"]!["/api/profile"]);
        Assert.Null(offline["paths"]!["/api/profile"]);
    }

    [Fact]
    public async Task The_api_reference_page_and_its_script_are_served_by_the_host()
    {
        using var page = await _host.Http.GetAsync("/api-reference");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline'; style", csp.Split("style-src")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var script in new[] { "/api-reference/scalar.js", "/api-reference/start.js" })
        {
            Assert.Contains($"src=\"{script}\"", html, StringComparison.Ordinal);
            using var answer = await _host.Http.GetAsync(script);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True((await answer.Content.ReadAsByteArrayAsync()).Length > 0, script);
        }
    }

    private static JsonNode Resolve(JsonNode document, string reference) => document["components"]!["schemas"]![reference.Split('/')[^1]]!;

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!)));

    private async Task AssertListedAsync(JsonNode document, string function, object args, string? token, HttpStatusCode status, string code)
    {
        var (actual, body) = await CallAsync(function, args, token);
        Assert.Equal(status, actual);
        Assert.Equal(code, (string)body!["code"]!);
        var responses = document["paths"]![$"/{Base}{function}"]!["post"]!["responses"]!;
        var response = responses[((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
        if (response["$ref"] is { } reference)
        {
            response = document["components"]!["responses"]![((string)reference!).Split('/')[^1]]!;
        }

        var schema = document["components"]!["schemas"]![((string)response["content"]!["application/problem+json"]!["schema"]!["$ref"]!).Split('/')[^1]]!;
        var codes = schema["allOf"]![1]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => (string)c!);
        Assert.Contains(code, codes);
    }

    private static void AssertMatchesType(JsonNode schema, JsonNode? value, string name)
    {
        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => (string)t!).ToList(),
            JsonValue one => [(string)one!],
            _ => null,
        };
        if (types is null)
        {
            return;
        }

        var kind = value switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => "string",
            JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.ToJsonString().All(char.IsAsciiDigit) => "integer",
            _ => "number",
        };
        Assert.True(types.Contains(kind) || (kind == "integer" && types.Contains("number")), $"{name}: {kind} is not {string.Join("|", types)}");
    }

    private async Task<string> RegisterAndLoginAsync(string username)
    {
        const string password = "correct horse battery";
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("auths/loginTypes/Passwords/register", new { username, password }, null)).Status);
        var code = (string)(await CallAsync("auths/loginTypes/Passwords/getLoginCode", new { username, password }, null)).Body!["loginCode"]!;
        return (string)(await CallAsync("auths/services/AuthSvc/login", new { loginCode = code }, null)).Body!["token"]!;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> CallAsync(string function, object args, string? token)
    {
        using var response = await _host.CallAsync(function, args, token, app: "demo/SampleApp");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
