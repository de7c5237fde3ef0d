using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests;

public sealed class ElementApiTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Function_result_is_returned_as_camel_case_json()
    {
        using var response = await _host.CallAsync("services/Echo/echo", new { text = "héllo" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("héllo", (string?)body["text"]);
        Assert.Equal(5, (int?)body["length"]);
    }

    [Fact]
    public async Task Scalar_result_is_plain_json()
    {
        using var response = await _host.CallAsync("services/Echo/add", new { a = 2, b = 40 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("42", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Void_function_with_empty_body_answers_json_null()
    {
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/nothing", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("null", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    [InlineData("\uFEFF")]
    public async Task A_body_of_only_whitespace_or_a_byte_order_mark_means_no_arguments(string body)
    {
        // "add" needs its arguments: a body read as none answers EL_MISSING_ARG, not EL_INVALID_BODY.
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/add", TestHost.Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("EL_MISSING_ARG", (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    [Fact]
    public async Task A_body_with_a_byte_order_mark_is_read_as_utf8()
    {
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/echo",
            new ByteArrayContent([0xEF, 0xBB, 0xBF, .. "{\"text\":\"h\u00e9llo\"}"u8]) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("h\u00e9llo", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["text"]);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_400_invalid_body()
    {
        // 0xFF never occurs in UTF-8: the body is refused, not read with a replacement character.
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/echo",
            new ByteArrayContent([.. "{\"text\":\"a"u8, 0xFF, .. "\"}"u8]) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("EL_INVALID_BODY", (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    [Fact]
    public async Task A_large_body_sent_in_pieces_is_read_whole()
    {
        // Sent in 1,000-byte writes, so the server reads it over many buffers.
        var text = string.Concat(Enumerable.Range(0, 30_000).Select(i => (char)('a' + (i % 26))));
        var json = Encoding.UTF8.GetBytes(new JsonObject { ["text"] = text }.ToJsonString());
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/echo", new PiecewiseContent(json, 1_000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(text, (string?)reply["text"]);
        Assert.Equal(text.Length, (int?)reply["length"]);
    }

    [Fact]
    public async Task Every_segment_before_the_function_is_part_of_the_element_name()
    {
        using var response = await _host.CallAsync("orders/services/OrderSvc/count", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("services/Nope/echo", "EL_UNKNOWN_ELEMENT")]
    [InlineData("services/Echo/nope", "EL_UNKNOWN_FUNCTION")]
    [InlineData("services/Echo/hidden", "EL_UNKNOWN_FUNCTION")]
    [InlineData("echo", "EL_UNKNOWN_ELEMENT")]
    [InlineData("services.Echo/echo", "EL_UNKNOWN_ELEMENT")]
    public async Task Unknown_element_or_function_is_a_404_problem(string path, string code)
    {
        using var response = await _host.CallAsync(path, new { text = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal(404, (int?)problem["status"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
    }

    [Fact]
    public async Task Unknown_element_problem_names_no_other_element()
    {
        // The runtime's "did you mean" would let a caller map the registry, hidden elements included.
        using var response = await _host.CallAsync("services/Ecko/echo", new { text = "x" });

        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown element 'services.Ecko'", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Another_apps_url_is_a_404_problem()
    {
        using var response = await _host.PostAsync("api/acme/Other/services/Echo/echo", TestHost.Raw("""{"text":"x"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("EL_UNKNOWN_APP", (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    [Theory]
    [InlineData("""{"text":"x","extra":1}""", "EL_UNDECLARED_ARG")]
    [InlineData("""{}""", "EL_MISSING_ARG")]
    [InlineData("", "EL_MISSING_ARG")]
    [InlineData("""{"text":{"not":"a string"}}""", "EL_INVALID_ARG")]
    [InlineData("""["x"]""", "EL_INVALID_BODY")]
    [InlineData("""{"text": """, "EL_INVALID_BODY")]
    public async Task Argument_errors_are_400_problems(string body, string code)
    {
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/echo", TestHost.Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    [Fact]
    public async Task Non_json_body_is_a_415_problem()
    {
        using var response = await _host.PostAsync("api/acme/Shop/services/Echo/echo", TestHost.Raw("text=x", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("EL_UNSUPPORTED_MEDIA_TYPE", (string?)(await TestHost.ReadProblemAsync(response))["code"]);
    }

    [Fact]
    public async Task Business_error_of_an_element_is_a_422_problem_with_its_code()
    {
        using var response = await _host.CallAsync("services/Echo/refuse", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal("SHOP_OUT_OF_STOCK", (string?)problem["code"]);
        Assert.Equal("the item is out of stock", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Crashing_function_is_a_500_problem_that_leaks_nothing()
    {
        using var response = await _host.CallAsync("services/Echo/crash", new { });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("/srv/private", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("EL_FUNCTION_FAILED", (string?)problem["code"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
    }

    [Fact]
    public async Task Get_on_a_function_url_is_rejected()
    {
        using var response = await _host.Http.GetAsync("api/acme/Shop/services/Echo/echo");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private sealed class PiecewiseContent(byte[] body, int pieceBytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += pieceBytes)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(pieceBytes, body.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
