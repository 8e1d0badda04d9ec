namespace SecureStream.Proxy.Pages;

/// <summary>
/// Who may fetch the demo wall's links and how often (keys of the <c>DemoCameras</c> section;
/// docs/demo-cameras.md, "The wall's links").
/// </summary>
internal sealed class DemoWallOptions
{
    /// <summary>The configuration section (shared with the demo camera server's own keys).</summary>
    public const string SectionName = "DemoCameras";

    /// <summary>The networks used when <see cref="WallClients"/> is empty: this machine only.</summary>
    public static readonly IReadOnlyList<string> LoopbackNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary>CIDR networks whose clients may fetch links; empty means <see cref="LoopbackNetworks"/>.</summary>
    public IList<string> WallClients { get; } = [];

    /// <summary>
    /// Sustained link-list requests per second per client address. The wall fetches once per page
    /// view and again every 5 minutes, so 1 a second is far above what a person causes.
    /// </summary>
    public int WallRequestsPerSecond { get; set; } = 1;

    /// <summary>Requests a client may make at once before the per-second rate applies (a few tabs, a few reloads).</summary>
    public int WallBurst { get; set; } = 10;
}
