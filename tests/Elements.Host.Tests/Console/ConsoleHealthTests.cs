using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Console;

/// <summary>
/// The health stream as the console reads it (<c>fetch()</c> with the bearer header, the body read as it arrives):
/// breaking an element file of a hot-reloading app sends its compiler-style diagnostic, fixing it sends it away.
/// </summary>
public sealed partial class ConsoleHealthTests
{
    [GeneratedRegex(@"^models/Todo/e\.json\(\d+,\d+\): error EL\d{4}: .+")]
    private static partial Regex TodoDiagnostic();

    [Fact]
    public async Task A_broken_element_file_shows_up_live_on_the_health_stream_and_goes_when_fixed()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(new Dictionary<string, string?> { ["Elements:Watch"] = "true" });
        var session = new ConsoleSession(host);
        var (_, viewer) = await session.ViewerAsync();
        var file = Path.Combine(copy.Root, "models", "Todo", "e.json");
        var original = await File.ReadAllTextAsync(file);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var request = new HttpRequestMessage(HttpMethod.Get, "console/api/health/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", viewer);
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var first = await NextHealthAsync(reader, timeout.Token);
        Assert.Null(first["lastFailedReload"]);
        var generation = (long)first["generation"]!;
        Assert.True((int)first["elementCount"]! > 0);

        await File.WriteAllTextAsync(file, original.Replace("\"title\"", "\"title\" \"broken\",", StringComparison.Ordinal), timeout.Token);
        JsonNode broken;
        do
        {
            broken = await NextHealthAsync(reader, timeout.Token);
        }
        while (broken["lastFailedReload"] is null);

        var diagnostics = broken["lastFailedReload"]!["diagnostics"]!.AsArray();
        Assert.Contains(diagnostics, d => TodoDiagnostic().IsMatch((string)d!["text"]!));
        Assert.All(diagnostics, d => Assert.Equal("error", (string?)d!["severity"]));
        Assert.Equal(generation, (long)broken["generation"]!);

        await File.WriteAllTextAsync(file, original, timeout.Token);
        JsonNode fixedHealth;
        do
        {
            fixedHealth = await NextHealthAsync(reader, timeout.Token);
        }
        while (fixedHealth["lastFailedReload"] is not null);

        Assert.True((long)fixedHealth["generation"]! > generation);
        var polled = await session.GetOkAsync("console/api/health", viewer);
        Assert.Null(polled["lastFailedReload"]);
    }

    /// <summary>The next <c>event: health</c>'s data, skipping comments (pings).</summary>
    private static async Task<JsonNode> NextHealthAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? eventName = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "health")
            {
                return JsonNode.Parse(line["data: ".Length..])!;
            }
        }

        throw new InvalidOperationException("the health stream ended");
    }
}
