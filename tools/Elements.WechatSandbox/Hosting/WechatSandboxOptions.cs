namespace Elements.WechatSandbox;

/// <summary>Options of the sandbox; binds from configuration (section <c>WechatSandbox</c> in the runnable program).</summary>
public sealed class WechatSandboxOptions
{
    /// <summary>Where the control API lives.</summary>
    public string ControlPrefix { get; set; } = "/sandbox";

    /// <summary>Apps registered at startup. <c>/sandbox/reset</c> clears them like any other state.</summary>
    public List<SandboxAppRegistration> Apps { get; set; } = [];

    /// <summary>Users registered at startup.</summary>
    public List<SandboxUserRegistration> Users { get; set; } = [];
}
