using System.Net;
using Elements.Host.Tests.Support;
using Elements.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #14 hostile-caller review: client mistakes are 400s that log no error, and a database failure
/// tells the caller nothing about the database.</summary>
public sealed class HostileRequestTests
{
    [Theory]
    [InlineData("""{"a":1,"a":2,"b":3}""", "a")]
    [InlineData("""{"a":{"inner":1,"inner":2},"b":1}""", "inner")]
    [InlineData("""{"a":[{"deep":{"k":1,"k":2}}],"b":1}""", "k")]
    public async Task A_duplicate_key_at_any_depth_is_400_invalid_body_naming_it_and_logs_no_error(string body, string key)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs);

        for (var i = 0; i < 20; i++)
        {
            using var response = await host.PostAsync("api/acme/Shop/services/Echo/add", TestHost.Raw(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await TestHost.ReadProblemAsync(response);
            Assert.Equal("EL_INVALID_BODY", (string?)problem["code"]);
            Assert.Contains($"'{key}'", (string?)problem["detail"], StringComparison.Ordinal);
        }

        Assert.DoesNotContain(logs.Entries, e => e.StartsWith("[Error]", StringComparison.Ordinal) || e.StartsWith("[Critical]", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", logs.AllText, StringComparison.Ordinal);

        // The same body without the duplicate is served: the check refuses duplicates, not nesting.
        using var ok = await host.PostAsync("api/acme/Shop/services/Echo/add", TestHost.Raw("""{"a":1,"b":2}"""));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_database_failure_answers_db_error_with_a_generic_message_and_logs_the_cause()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs);

        using var response = await host.CallAsync("services/Ledger/exhaust");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var problem = await TestHost.ReadProblemAsync(response);
        Assert.Equal("DB_ERROR", (string?)problem["code"]);
        Assert.NotNull(problem["traceId"]);
        foreach (var leak in new[] { "full", "SQLite", "disk", "Error 13", "app.db" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }

        // The operator still learns what happened: the provider's text is in the log.
        Assert.Contains(logs.Entries, e => e.StartsWith("[Error]", StringComparison.Ordinal) && e.Contains("DB_ERROR", StringComparison.Ordinal)
            && e.Contains("database or disk is full", StringComparison.Ordinal));
    }

    private static Task<TestHost> StartAsync(CapturingLoggerProvider logs)
    {
        var folder = TestAppFolder.Create().WithStandardElements();
        folder.Write("models/Ledger/e.json", """
            {
              "title": "Ledger",
              "type": "models.NormalType",
              "fields": [
                { "name": "id", "title": "Id", "dataType": "AutoInt", "primaryKey": true },
                { "name": "note", "title": "Note", "dataType": "Stext" }
              ]
            }
            """);
        folder.Write("services/Ledger/e.json", """
            { "title": "Ledger", "type": "services.NormalType", "functionList": [{ "name": "exhaust", "args": [], "loginRequired": 0 }] }
            """);
        return TestHost.StartAsync(folder.Container, new Dictionary<string, string?> { ["Elements:AppPath"] = folder.Root }, folder,
            services => services.AddSingleton<ILoggerProvider>(logs));
    }
}
