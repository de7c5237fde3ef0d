namespace Elements.Hosting.AspNetCore.Console;

/// <summary>The Elements Console (<c>/console</c>), section <c>Elements:Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Elements:Console";

    /// <summary>Serve the console's pages and <c>/console/api</c>. Read once, when the host maps its endpoints.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sandbox mode: how long the start-up banner's one-time sign-in link stays valid.</summary>
    public TimeSpan SandboxLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a session made from the sandbox link lasts.</summary>
    public TimeSpan SandboxSessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often the health stream sends a comment, so proxies and the browser keep an idle stream open.</summary>
    public TimeSpan HealthStreamPing { get; set; } = TimeSpan.FromSeconds(15);
}
