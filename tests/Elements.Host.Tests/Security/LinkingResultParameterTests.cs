using System.Net;
using Elements.Host.Tests.Support;
using static Elements.Host.Tests.Support.LinkingDriver;

namespace Elements.Host.Tests.Security;

/// <summary>Issue #14 hostile-caller review: a link whose application_uri already carries <c>profile_id</c> or
/// <c>error_code</c> must not land the browser with the planted value next to the real one.</summary>
public sealed class LinkingResultParameterTests
{
    private const string Planted = "done?profile_id=planted&keep=1&PROFILE_ID=planted2&profile%5Fid=planted3&error_code=0";

    [Fact]
    public async Task A_prefilled_profile_id_or_error_code_in_application_uri_is_dropped_before_the_real_profile_id_is_added()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var consent = await StartAsync(host, applicationUri: AppUri(host, Planted));
        var landed = await CallbackAsync(host, await ConsentAsync(host, consent, "alice"));

        var pairs = Pairs(landed);
        Assert.Equal(["keep", "profile_id"], pairs.Select(p => p.Name.ToLowerInvariant()));
        Assert.Equal("1", pairs[0].Value);
        var profileId = pairs[1].Value;
        Assert.NotEqual("planted", profileId);
        using var profile = await host.Http.GetAsync("api/profile/" + Uri.EscapeDataString(profileId));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    [Fact]
    public async Task A_prefilled_profile_id_is_dropped_from_an_error_answer_too()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        // Not a WeChat browser: straight back with error_code=100, and no profile_id the application could read.
        using var response = await GetAsync(host, AuthoriseUrl("demo", AppUri(host, Planted)), userAgent: "Mozilla/5.0 Chrome/130.0");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AppUri(host, "done?keep=1&error_code=100"), response.Headers.Location!.AbsoluteUri);
    }

    private static List<(string Name, string Value)> Pairs(Uri uri) =>
        [.. uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""))];
}
