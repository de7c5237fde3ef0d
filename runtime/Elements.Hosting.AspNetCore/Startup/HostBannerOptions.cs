namespace Elements.Hosting.AspNetCore.Startup;

/// <summary>Where the start-up banner goes (tests capture it).</summary>
public sealed class HostBannerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Null: the console.</summary>
    public TextWriter? Output { get; set; }
}
