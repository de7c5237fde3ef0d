using Elements.WeChat.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Sandbox;

/// <summary>The sandbox's rules hold when many requests race for the same state.</summary>
public sealed class SandboxConcurrencyTests : SandboxTestBase
{
    [Fact]
    public async Task A_code_raced_by_fifty_requests_is_exchanged_exactly_once()
    {
        using var http = Sandbox.CreateRawClient();
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        var url = $"/sns/jscode2session?appid={MiniAppId}&secret={MiniSecret}&js_code={code.Code}&grant_type=authorization_code";

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => WireClient.GetAsync(http, url))));

        Assert.Single(results, r => r.Body.Errcode() is null);
        Assert.Equal(49, results.Count(r => r.Body.Errcode() == 40163));
        Assert.Equal(50, await Sandbox.Control.GetCallCountAsync("/sns/jscode2session"));
    }

    [Fact]
    public async Task Concurrent_registrations_codes_and_faults_stay_consistent()
    {
        var work = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await Sandbox.Control.RegisterUserAsync(new SandboxUserRegistration { UserId = $"user{i}", Nickname = $"User {i}" });
            await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/token", Errcode = -1 });
            var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, $"user{i}");
            return await Client.Code2SessionAsync(MiniAppId, code.Code);
        }));

        var sessions = await Task.WhenAll(work);

        Assert.Equal(40, sessions.Select(s => s.OpenId).Distinct().Count());
        Assert.Equal(40, sessions.Select(s => s.SessionKey).Distinct().Count());
        using var http = Sandbox.CreateRawClient();
        var url = $"/cgi-bin/token?grant_type=client_credential&appid={OfficialAppId}&secret={OfficialSecret}";
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Task.Run(() => WireClient.GetAsync(http, url))));
        Assert.Equal(40, answers.Count(a => a.Body.Errcode() == -1));
        Assert.Equal(20, answers.Count(a => a.Body["access_token"] is not null));
    }
}
