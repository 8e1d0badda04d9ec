namespace SecureStream.Media.Cameras;

/// <summary>One entry of <c>OriginMap:Origins</c>.</summary>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): an entry of <see cref="OriginMapOptions.Origins"/>, which the demo cameras post-configure.</remarks>
public sealed class OriginMapOriginOptions
{
    /// <summary>
    /// <c>/app</c> or <c>/app/stream</c>, matched on whole path segments (ours: OME matches a plain
    /// string prefix, so <c>/app/cam1</c> would also match <c>/app/cam10</c>).
    /// </summary>
    public string? Location { get; set; }

    /// <summary><c>rtsp</c> or <c>rtsps</c>, prepended as <c>Scheme://</c> to each Url.</summary>
    public string? Scheme { get; set; }

    /// <summary>
    /// <c>host[:port][/path]</c> without a scheme, optionally with <c>user:password@</c>; several =
    /// failover in this order. The request path after the Location is appended to each.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>
    /// The camera's lower-quality stream (NVRs' sub stream), written like <see cref="Urls"/> and
    /// sharing <see cref="Scheme"/>, <see cref="User"/> and <see cref="Password"/>; empty = none.
    /// Played with <c>?rendition=sub</c> (docs/cameras.md "Substreams").
    /// </summary>
    public List<string> SubstreamUrls { get; set; } = [];

    /// <summary>OME's switch (default true): a viewer's filtered query reaches the camera, one pull per distinct query (docs/cameras.md).</summary>
    public bool ForwardQueryParams { get; set; } = true;

    /// <summary>Per-origin overrides of the map's timeouts.</summary>
    public OriginMapPropertiesOptions? Properties { get; set; }

    /// <summary>
    /// Camera user name for every URL of this origin, when the URLs carry no userinfo; with
    /// <see cref="Password"/>, so the password stays out of configuration.
    /// </summary>
    public string? User { get; set; }

    /// <summary>The camera password as a secret reference (<c>env:NAME</c> or <c>file:/path</c>), never the password itself.</summary>
    public string? Password { get; set; }
}
