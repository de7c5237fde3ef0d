using Elements.WechatSandbox;

namespace Elements.Host.Tests.Reliability;

/// <summary>What the sandbox does to one <c>jscode2session</c> call.</summary>
internal enum WechatFaultKind
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
internal sealed record WechatFault(WechatFaultKind Kind, bool Hard)
{
    public static readonly WechatFault None = new(WechatFaultKind.None, false);

    /// <summary>Attempts the client makes per call: the first one plus <see cref="LoginFaultsTests.Retries"/>.</summary>
    private const int Attempts = LoginFaultsTests.Retries + 1;

    public string Label => Kind == WechatFaultKind.None ? "none" : $"{Kind}{(Hard ? "" : " (retried)")}";

    /// <summary>The problem code a call failing because of this fault must carry.</summary>
    public string ExpectedCode => Kind switch
    {
        WechatFaultKind.Busy => "WECHAT_-1",
        WechatFaultKind.Delay => "WECHAT_TIMEOUT",
        WechatFaultKind.Http500 or WechatFaultKind.MalformedJson or WechatFaultKind.DropConnection => "WECHAT_HTTP",
        WechatFaultKind.LateAnswer => "WECHAT_40163",
        _ => "(none)",
    };

    public SandboxFault? ToSandboxFault(string jsCode) => Kind switch
    {
        WechatFaultKind.None => null,
        _ => new SandboxFault
        {
            Path = "/sns/jscode2session",
            Count = Hard && Kind is not (WechatFaultKind.MalformedJson or WechatFaultKind.LateAnswer) ? Attempts : 1,
            Match = new Dictionary<string, string> { ["js_code"] = jsCode },
            Errcode = Kind == WechatFaultKind.Busy ? -1 : null,
            DelayMs = Kind is WechatFaultKind.Delay or WechatFaultKind.LateAnswer ? (int)LoginFaultsTests.FaultDelay.TotalMilliseconds : null,
            DelayAfterHandling = Kind == WechatFaultKind.LateAnswer,
            HttpStatus = Kind == WechatFaultKind.Http500 ? 500 : null,
            MalformedJson = Kind == WechatFaultKind.MalformedJson,
            DropConnection = Kind == WechatFaultKind.DropConnection,
        },
    };

    public static WechatFault Pick(Random random, double share)
    {
        if (random.NextDouble() >= share)
        {
            return None;
        }

        var kind = (WechatFaultKind)(1 + random.Next(6));
        return new WechatFault(kind, kind is WechatFaultKind.MalformedJson or WechatFaultKind.LateAnswer || random.Next(2) == 0);
    }
}
