using System.Text.Json.Nodes;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;

namespace Elements.Host.Tests.Reliability;

/// <summary>The sandbox's <see cref="SandboxFault.Match"/> and <see cref="SandboxFault.DelayAfterHandling"/>, which the
/// fault stream relies on to fail one login among concurrent ones and to answer late after spending the code.</summary>
public sealed class SandboxFaultTests
{
    private const string MiniAppId = "wxmatch00000000001";
    private const string Secret = "match-secret";

    [Fact]
    public async Task A_matched_fault_hits_only_calls_with_that_query_value_and_is_used_up_by_them_alone()
    {
        await using var sandbox = await WeChatSandboxServer.StartAsync();
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration { AppId = MiniAppId, Secret = Secret, Kind = SandboxAppKind.Mini });
        await sandbox.Control.RegisterUserAsync(new SandboxUserRegistration { UserId = "ann" });
        using var http = new HttpClient { BaseAddress = sandbox.BaseUri };
        var target = (await sandbox.Control.MintLoginCodeAsync(MiniAppId, "ann")).Code;
        var bystander = (await sandbox.Control.MintLoginCodeAsync(MiniAppId, "ann")).Code;
        await sandbox.Control.InjectFaultAsync(new SandboxFault
        {
            Path = "/sns/jscode2session",
            Count = 2,
            Errcode = -1,
            Match = new Dictionary<string, string> { ["js_code"] = target },
        });

        async Task<int?> Errcode(string code) => (int?)JsonNode.Parse(await http.GetStringAsync(
            $"sns/jscode2session?appid={MiniAppId}&secret={Secret}&js_code={code}&grant_type=authorization_code"))!["errcode"];

        Assert.Null(await Errcode(bystander));
        Assert.Equal(-1, await Errcode(target));
        Assert.Equal(40163, await Errcode(bystander));
        Assert.Equal(-1, await Errcode(target));
        // Used up by its two matching calls: the target code now goes through.
        Assert.Null(await Errcode(target));
    }

    [Fact]
    public async Task Unmatched_faults_keep_their_order_and_apply_to_any_call()
    {
        await using var sandbox = await WeChatSandboxServer.StartAsync();
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration { AppId = MiniAppId, Secret = Secret, Kind = SandboxAppKind.Mini });
        using var http = new HttpClient { BaseAddress = sandbox.BaseUri };
        await sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Errcode = 45011 });
        await sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Errcode = -1, Match = new() { ["js_code"] = "x" } });
        await sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", Errcode = 40226 });

        async Task<int?> Errcode(string code) => (int?)JsonNode.Parse(await http.GetStringAsync(
            $"sns/jscode2session?appid={MiniAppId}&secret={Secret}&js_code={code}&grant_type=authorization_code"))!["errcode"];

        Assert.Equal(45011, await Errcode("y"));
        Assert.Equal(40226, await Errcode("y"));
        Assert.Equal(-1, await Errcode("x"));
        Assert.Equal(40029, await Errcode("x"));
    }

    [Fact]
    public async Task A_late_answer_spends_the_code_even_though_the_caller_gave_up()
    {
        await using var sandbox = await WeChatSandboxServer.StartAsync();
        await sandbox.Control.RegisterAppAsync(new SandboxAppRegistration { AppId = MiniAppId, Secret = Secret, Kind = SandboxAppKind.Mini });
        await sandbox.Control.RegisterUserAsync(new SandboxUserRegistration { UserId = "ann" });
        using var http = new HttpClient { BaseAddress = sandbox.BaseUri };
        var code = (await sandbox.Control.MintLoginCodeAsync(MiniAppId, "ann")).Code;
        await sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", DelayMs = 5000, DelayAfterHandling = true });
        var url = $"sns/jscode2session?appid={MiniAppId}&secret={Secret}&js_code={code}&grant_type=authorization_code";

        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetStringAsync(url, giveUp.Token));
        }

        Assert.Equal(40163, (int?)JsonNode.Parse(await http.GetStringAsync(url))!["errcode"]);
    }
}
