using System.Net;
using System.Text.Json.Nodes;
using Elements.Host.Profiles;
using Elements.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Elements.Host.Tests.Support.LinkingDriver;

namespace Elements.Host.Tests;

/// <summary>XPKit's linking flow against the sample app (copied), the in-process sandbox and SQLite.</summary>
public sealed class LinkingTests
{
    [Fact]
    public async Task Authorise_redirects_to_the_sandbox_consent_page_with_a_fresh_signed_state_and_this_hosts_callback()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var first = Query(await StartAsync(host));
        var second = Query(await StartAsync(host));

        Assert.Equal("wx0000000000demo01", first["appid"]);
        Assert.Equal(new Uri(host.BaseUri, "api/wechat/callback").AbsoluteUri, first["redirect_uri"]);
        Assert.Equal("snsapi_userinfo", first["scope"]);
        Assert.Equal("code", first["response_type"]);
        Assert.Equal(116, first["state"].Length);
        Assert.NotEqual(first["state"], second["state"]);
        // The application_uri is kept server-side: it is not in the authorize URL (nor in the redirect_uri).
        Assert.DoesNotContain("done", first["redirect_uri"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snsapi_base_is_the_default_auth_type()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        using var response = await GetAsync(host, AuthoriseUrl("demo", AppUri(host), authType: null));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("snsapi_base", Query(response.Headers.Location!)["scope"]);
    }

    [Fact]
    public async Task Full_flow_lands_on_application_uri_with_profile_id_and_the_profile_is_mapped_as_xpkit_documents()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var consent = await StartAsync(host, applicationUri: AppUri(host, "done?keep=1"));
        var landed = await CallbackAsync(host, await ConsentAsync(host, consent, "alice"));

        Assert.Equal(new Uri(host.BaseUri, "done").AbsoluteUri, landed.GetLeftPart(UriPartial.Path));
        var q = Query(landed);
        Assert.Equal("1", q["keep"]);
        var profile = await ProfileAsync(host, q["profile_id"]);
        var openId = (await host.Sandbox.GetUserAsync("wx0000000000demo01", "alice")).OpenId;
        var expected = JsonNode.Parse($$"""
            {
              "id": "{{q["profile_id"]}}",
              "wechat_openid": ["{{openId}}"],
              "gender": "Female",
              "address": { "city": "Shenzhen", "province": "Guangdong", "country": "China" },
              "social": [{ "type": "wechat", "openid": "{{openId}}", "nickname": "Alice", "headimgurl": "https://example.invalid/alice.png" }]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, profile), profile.ToJsonString());
    }

    [Fact]
    public async Task Snsapi_base_saves_only_the_openid()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var id = await LinkAsync(host, user: "bob", authType: "snsapi_base");

        var profile = await ProfileAsync(host, id);
        var openId = (await host.Sandbox.GetUserAsync("wx0000000000demo01", "bob")).OpenId;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"id":"{{id}}","wechat_openid":["{{openId}}"],"social":[]}"""), profile), profile.ToJsonString());
    }

    [Fact]
    public async Task Same_person_on_two_official_accounts_is_one_profile_with_both_openids_and_filtering_finds_it_by_either()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var first = await LinkAsync(host, "demo", "alice");
        var second = await LinkAsync(host, "demo2", "alice");
        var again = await LinkAsync(host, "demo", "alice");
        var bob = await LinkAsync(host, "demo", "bob");

        Assert.Equal(first, second);
        Assert.Equal(first, again);
        Assert.NotEqual(first, bob);
        var openId1 = (await host.Sandbox.GetUserAsync("wx0000000000demo01", "alice")).OpenId;
        var openId2 = (await host.Sandbox.GetUserAsync("wx0000000000demo02", "alice")).OpenId;
        Assert.NotEqual(openId1, openId2);
        var profile = await ProfileAsync(host, first);
        Assert.Equal([openId1, openId2], profile["wechat_openid"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal([openId1, openId2], profile["social"]!.AsArray().Select(s => s!["openid"]!.GetValue<string>()));

        foreach (var filter in new[] { new[] { openId1 }, [openId2], [openId1, openId2] })
        {
            var found = await FilterAsync(host, filter);
            Assert.Equal(1, found["count"]!.GetValue<int>());
            Assert.Equal(first, found["results"]![0]!["id"]!.GetValue<string>());
        }

        var bobOpenId = (await host.Sandbox.GetUserAsync("wx0000000000demo01", "bob")).OpenId;
        var both = await FilterAsync(host, openId2, bobOpenId, "nobody");
        Assert.Equal(2, both["count"]!.GetValue<int>());
        Assert.Equal(0, (await FilterAsync(host, "nobody"))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_callbacks_of_one_person_on_two_accounts_make_one_profile()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        for (var round = 0; round < 5; round++)
        {
            var user = "racer" + round;
            await host.Sandbox.RegisterUserAsync(new Elements.WeChatSandbox.Contracts.SandboxUserRegistration { UserId = user, Nickname = user, Sex = 1 });
            var callbacks = new List<Uri>();
            foreach (var account in new[] { "demo", "demo2" })
            {
                var consent = await StartAsync(host, account);
                callbacks.Add(await ConsentAsync(host, consent, user));
            }

            var landed = await Task.WhenAll(callbacks.Select(c => CallbackAsync(host, c)));
            var ids = landed.Select(l => Query(l)["profile_id"]).Distinct().ToList();
            Assert.Single(ids);
            Assert.Equal(2, (await ProfileAsync(host, ids[0]))["wechat_openid"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task The_same_callback_twice_makes_one_profile_and_the_second_hit_gets_the_error_page()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var callback = await ConsentAsync(host, await StartAsync(host), "bob");

        var responses = await Task.WhenAll(GetAsync(host, callback.AbsoluteUri), GetAsync(host, callback.AbsoluteUri));

        var redirected = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.True(Query(redirected.Headers.Location!).ContainsKey("profile_id"));
        await AssertErrorPageAsync(Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Redirect), null);
        var openId = (await host.Sandbox.GetUserAsync("wx0000000000demo01", "bob")).OpenId;
        Assert.Equal(1, (await FilterAsync(host, openId))["count"]!.GetValue<int>());
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task Error_100_non_wechat_user_agent_goes_back_to_the_checked_application_uri()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        foreach (var agent in new[] { "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0", null })
        {
            using var response = await GetAsync(host, AuthoriseUrl("demo", AppUri(host, "done?a=b")), agent);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(AppUri(host, "done?a=b&error_code=100"), response.Headers.Location!.AbsoluteUri);
        }
    }

    [Theory]
    [InlineData("http://evil.example/cb")]
    [InlineData("http://127.0.0.1.evil.example/cb")]
    [InlineData("http://user@127.0.0.1/cb")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Error_101_unconfigured_or_invalid_application_uri_is_an_error_page_never_a_redirect(string? applicationUri)
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        // Even outside WeChat: 101 comes before 100, because 100 redirects and this URI is not trusted.
        using var response = await GetAsync(host, AuthoriseUrl("demo", applicationUri), userAgent: "curl/8");
        await AssertErrorPageAsync(response, 101);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    public async Task Error_105_missing_or_unknown_account_is_an_error_page(string? accountId)
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        using var response = await GetAsync(host, AuthoriseUrl(accountId, AppUri(host)));
        await AssertErrorPageAsync(response, 105);
    }

    [Fact]
    public async Task Error_105_account_whose_login_element_does_not_exist_is_an_error_page()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(new Dictionary<string, string?>
        {
            ["Elements:Linking:Accounts:broken:Login"] = "auths.loginTypes.Missing",
            ["Elements:Linking:Accounts:broken:ApplicationDomains:0"] = "127.0.0.1",
        });
        using var response = await GetAsync(host, AuthoriseUrl("broken", AppUri(host)));
        await AssertErrorPageAsync(response, 105);
    }

    [Fact]
    public async Task Error_102_visitor_denied_so_wechat_sent_no_code()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var callback = await ConsentAsync(host, await StartAsync(host), "alice", allow: false);
        Assert.False(Query(callback).ContainsKey("code"));

        Assert.Equal(AppUri(host, "done?error_code=102"), (await CallbackAsync(host, callback)).AbsoluteUri);
    }

    [Fact]
    public async Task Error_103_wechat_gave_no_token_for_the_code()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var state = Query(await StartAsync(host))["state"];

        var landed = await CallbackAsync(host, new Uri(host.BaseUri, $"api/wechat/callback?code=not-a-wechat-code&state={state}"));

        Assert.Equal(AppUri(host, "done?error_code=103"), landed.AbsoluteUri);
    }

    [Fact]
    public async Task Error_103_when_wechat_fails_the_token_exchange()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var callback = await ConsentAsync(host, await StartAsync(host), "alice");
        await host.Sandbox.InjectFaultAsync(new Elements.WeChatSandbox.Contracts.SandboxFault { Path = "/sns/oauth2/access_token", Count = 5, Errcode = 40029, Errmsg = "invalid code" });

        Assert.Equal(AppUri(host, "done?error_code=103"), (await CallbackAsync(host, callback)).AbsoluteUri);
    }

    [Fact]
    public async Task Error_104_profile_could_not_be_saved()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(services: s => s.AddSingleton<IProfileStore, FailingProfileStore>());
        var callback = await ConsentAsync(host, await StartAsync(host), "alice");

        Assert.Equal(AppUri(host, "done?error_code=104"), (await CallbackAsync(host, callback)).AbsoluteUri);
    }

    [Fact]
    public async Task Callback_takes_application_uri_from_the_server_never_from_its_query()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var callback = await ConsentAsync(host, await StartAsync(host), "alice");
        var forged = new Uri(callback.AbsoluteUri + "&application_uri=" + Uri.EscapeDataString("http://evil.example/"));

        var landed = await CallbackAsync(host, forged);

        Assert.Equal(AppUri(host, "done"), landed.GetLeftPart(UriPartial.Path));
    }

    [Theory]
    [InlineData("api/wechat/callback?code=abc")]
    [InlineData("api/wechat/callback?code=abc&state=S1forged")]
    [InlineData("api/wechat/callback")]
    public async Task Callback_with_an_unknown_state_is_an_error_page(string url)
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        using var response = await GetAsync(host, url);
        await AssertErrorPageAsync(response, null);
    }

    [Fact]
    public async Task Profile_api_requires_a_filter_and_answers_unknown_ids_with_404_problem_details()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        using var unfiltered = await host.Http.GetAsync("api/profile/");
        Assert.Equal(HttpStatusCode.BadRequest, unfiltered.StatusCode);
        Assert.Equal("PROFILE_FILTER_REQUIRED", (await TestHost.ReadProblemAsync(unfiltered))["code"]!.GetValue<string>());

        using var tooMany = await host.Http.GetAsync("api/profile/?wechat_openid__in=" + string.Join(",", Enumerable.Range(0, 101)));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);

        using var missing = await host.Http.GetAsync("api/profile/0123456789abcdef01234567");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("PROFILE_NOT_FOUND", (await TestHost.ReadProblemAsync(missing))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Linking_steps_are_counted_by_outcome()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var meterFactory = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == "elements.host.linking")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var d = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            seen.Enqueue(d["elements.linking.step"] + ":" + d["elements.outcome"]);
        });
        listener.Start();

        await LinkAsync(host);
        (await GetAsync(host, AuthoriseUrl("nope", AppUri(host)))).Dispose();

        Assert.Contains("authorise:ok", seen);
        Assert.Contains("callback:ok", seen);
        Assert.Contains("authorise:105", seen);
    }

    private sealed class FailingProfileStore : IProfileStore
    {
        public Task<string> SaveWeChatAsync(WeChatIdentity identity, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("database down");

        public Task<JsonObject?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult<JsonObject?>(null);

        public Task<IReadOnlyList<JsonObject>> FindByOpenIdsAsync(IReadOnlyCollection<string> openIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<JsonObject>>([]);
    }
}

/// <summary>XPKit's field mapping without a host.</summary>
public sealed class ProfileMappingTests
{
    [Fact]
    public void Unknown_sex_leaves_gender_out_and_a_second_openid_is_added_once()
    {
        var row = new JsonObject();
        ModelProfileStore.Map(row, new WeChatIdentity("wx1", "o1", "u1", new JsonObject
        {
            ["openid"] = "o1", ["nickname"] = "N", ["headimgurl"] = "h", ["sex"] = 0, ["city"] = "c", ["province"] = "p", ["country"] = "k",
        }));
        ModelProfileStore.Map(row, new WeChatIdentity("wx2", "o2", "u1", new JsonObject { ["openid"] = "o2" }));
        ModelProfileStore.Map(row, new WeChatIdentity("wx2", "o2", "u1", new JsonObject { ["openid"] = "o2" }));

        var api = ModelProfileStore.ToApi(row);
        Assert.Null(api["gender"]);
        Assert.Equal("""["o1","o2"]""", api["wechat_openid"]!.ToJsonString());
        Assert.Equal("""[{"type":"wechat","openid":"o1","nickname":"N","headimgurl":"h"}]""", api["social"]!.ToJsonString());
        Assert.Equal("""{"city":"c","province":"p","country":"k"}""", api["address"]!.ToJsonString());
        Assert.Equal("u1", (string?)row["unionid"]);
    }

    [Fact]
    public void A_relink_replaces_that_openids_social_entry_and_updates_gender()
    {
        var row = new JsonObject();
        ModelProfileStore.Map(row, new WeChatIdentity("wx1", "o1", null, new JsonObject { ["openid"] = "o1", ["nickname"] = "Old", ["sex"] = 2 }));
        ModelProfileStore.Map(row, new WeChatIdentity("wx1", "o1", null, new JsonObject { ["openid"] = "o1", ["nickname"] = "New", ["sex"] = 1 }));

        var api = ModelProfileStore.ToApi(row);
        Assert.Equal("Male", (string?)api["gender"]);
        Assert.Equal("New", (string?)Assert.Single(api["social"]!.AsArray())!["nickname"]);
    }
}
