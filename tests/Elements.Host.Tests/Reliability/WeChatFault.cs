using Elements.WeChatSandbox.Contracts;

namespace Elements.Host.Tests.Reliability;

/// <summary>What the sandbox does to one <c>jscode2session</c> call.</summary>
internal enum WeChatFaultKind
{
    None,
    Busy,
    Delay,
    Http500,
    MalformedJson,
    DropConnection,

    /// <summary>WeChat spends the code but answers after the client's attempt timed out: the retry meets 40163.</summary>
    LateAnswer,
}

/// <summary>
/// A fault planned for one wx.login code. <see cref="Hard"/>: it outlasts the client's retries (the call must fail with
/// <see cref="ExpectedCode"/>); otherwise it hits the first attempt only and a retry must succeed. Malformed JSON is
/// never retried and a late answer leaves a spent code behind, so both are always hard.
/// </summary>
internal sealed record WeChatFault(WeChatFaultKind Kind, bool Hard)
{
    public static readonly WeChatFault None = new(WeChatFaultKind.None, false);

    /// <summary>Attempts the client makes per call: the first one plus <see cref="LoginFaultsTests.Retries"/>.</summary>
    private const int Attempts = LoginFaultsTests.Retries + 1;

    public string Label => Kind == WeChatFaultKind.None ? "none" : $"{Kind}{(Hard ? "" : " (retried)")}";

    /// <summary>The problem code a call failing because of this fault must carry.</summary>
    public string ExpectedCode => Kind switch
    {
        WeChatFaultKind.Busy => "WECHAT_-1",
        WeChatFaultKind.Delay => "WECHAT_TIMEOUT",
        WeChatFaultKind.Http500 or WeChatFaultKind.MalformedJson or WeChatFaultKind.DropConnection => "WECHAT_HTTP",
        WeChatFaultKind.LateAnswer => "WECHAT_40163",
        _ => "(none)",
    };

    public SandboxFault? ToSandboxFault(string jsCode) => Kind switch
    {
        WeChatFaultKind.None => null,
        _ => new SandboxFault
        {
            Path = "/sns/jscode2session",
            Count = Hard && Kind is not (WeChatFaultKind.MalformedJson or WeChatFaultKind.LateAnswer) ? Attempts : 1,
            Match = new Dictionary<string, string> { ["js_code"] = jsCode },
            Errcode = Kind == WeChatFaultKind.Busy ? -1 : null,
            DelayMs = Kind is WeChatFaultKind.Delay or WeChatFaultKind.LateAnswer ? (int)LoginFaultsTests.FaultDelay.TotalMilliseconds : null,
            DelayAfterHandling = Kind == WeChatFaultKind.LateAnswer,
            HttpStatus = Kind == WeChatFaultKind.Http500 ? 500 : null,
            MalformedJson = Kind == WeChatFaultKind.MalformedJson,
            DropConnection = Kind == WeChatFaultKind.DropConnection,
        },
    };

    public static WeChatFault Pick(Random random, double share)
    {
        if (random.NextDouble() >= share)
        {
            return None;
        }

        var kind = (WeChatFaultKind)(1 + random.Next(6));
        return new WeChatFault(kind, kind is WeChatFaultKind.MalformedJson or WeChatFaultKind.LateAnswer || random.Next(2) == 0);
    }
}
