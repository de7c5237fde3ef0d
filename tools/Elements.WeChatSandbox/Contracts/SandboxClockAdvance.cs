namespace Elements.WeChatSandbox.Contracts;

/// <summary>Body of <c>POST /sandbox/clock/advance</c>.</summary>
public sealed class SandboxClockAdvance
{
    public double Seconds { get; set; }
}
