using Elements.WeChatSandbox.Contracts;

namespace Elements.WeChatSandbox.Server;

/// <summary>Options of the sandbox; binds from configuration (section <c>WeChatSandbox</c> in the runnable program).</summary>
public sealed class WeChatSandboxOptions
{
    /// <summary>Where the control API lives.</summary>
    public string ControlPrefix { get; set; } = "/sandbox";

    /// <summary>Host names, besides <c>localhost</c> and loopback addresses, on which the control API answers (e.g. a
    /// machine name when a phone on the LAN drives the demo). Any other <c>Host</c> header is refused with 403.</summary>
    public List<string> ControlHosts { get; set; } = [];

    /// <summary>Apps registered at startup. <c>/sandbox/reset</c> clears them like any other state.</summary>
    public List<SandboxAppRegistration> Apps { get; set; } = [];

    /// <summary>Users registered at startup.</summary>
    public List<SandboxUserRegistration> Users { get; set; } = [];
}
