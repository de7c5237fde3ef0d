namespace Elements.WeChatSandbox.Contracts;

/// <summary>
/// A failure injected into the next <see cref="Count"/> calls of <see cref="Path"/> (e.g. <c>/cgi-bin/token</c>)
/// that carry the query parameters of <see cref="Match"/>. A delay may combine with any other effect; without another
/// effect the call then proceeds normally. Of several faults planned for a path, a call takes the oldest one it matches.
/// </summary>
public sealed class SandboxFault
{
    public string Path { get; set; } = "";

    public int Count { get; set; } = 1;

    /// <summary>
    /// Query parameters (name → exact value) a call must carry for this fault to apply, e.g. <c>{"js_code": "…"}</c>
    /// to fail one particular login among concurrent ones; calls that do not match pass by. Null or empty: every call.
    /// </summary>
    public Dictionary<string, string>? Match { get; set; }

    /// <summary>Answer <c>{errcode, errmsg}</c> (HTTP 200) instead of handling the call.</summary>
    public int? Errcode { get; set; }

    /// <summary>errmsg for <see cref="Errcode"/>; WeChat's usual text when null. A rid is appended either way.</summary>
    public string? Errmsg { get; set; }

    public int? DelayMs { get; set; }

    /// <summary>
    /// With <see cref="DelayMs"/>: handle the call first and delay only the answer, as when WeChat did the work (spent
    /// the code) but its answer arrives after the client gave up; a retry then meets the consequences (40163 for a
    /// code). Other effects are ignored. Without it the delay comes first and a caller that gives up leaves nothing done.
    /// </summary>
    public bool DelayAfterHandling { get; set; }

    /// <summary>Answer this HTTP status (e.g. 500) with an HTML body.</summary>
    public int? HttpStatus { get; set; }

    /// <summary>Answer HTTP 200 with a truncated, unparseable JSON body.</summary>
    public bool MalformedJson { get; set; }

    /// <summary>Abort the connection without any response.</summary>
    public bool DropConnection { get; set; }
}
