namespace SecureStream.Policy.Forwarding;

/// <summary>
/// The <c>forwarding</c> section of policy.json: which of a viewer's query parameters may reach the
/// camera's RTSP URL (docs/cameras.md ForwardQueryParams, ours). Omitting the section or any
/// property gives the safe defaults below.
/// </summary>
/// <example>
/// <code>
/// "forwarding": {
///   "credentialParams": ["policy", "signature", "token"],
///   "reservedParams": ["direction", "transport", "peer_id", "session", "user", "username",
///                      "password", "pass", "pwd", "auth", "authorization", "rendition"],
///   "onConflict": "refuse",
///   "cameras": [ { "pattern": "app/cam*", "allow": ["quality", "channel"] } ]
/// }
/// </code>
/// </example>
public sealed class ForwardingSettings
{
    /// <summary>The credential parameters that are always stripped, whatever the file says.</summary>
    public static IReadOnlyList<string> DefaultCredentialParams { get; } = ["policy", "signature", "token"];

    /// <summary>
    /// The reserved parameters that are always stripped, whatever the file says. <c>rendition</c>
    /// is the gate's own choice of stream (docs/cameras.md "Substreams"), never the camera's.
    /// </summary>
    public static IReadOnlyList<string> DefaultReservedParams { get; } =
        ["direction", "transport", "peer_id", "session", "user", "username", "password", "pass", "pwd", "auth", "authorization", "rendition"];

    /// <summary>
    /// Names carrying credentials (signed-link and token parameters). Never forwarded, and the
    /// request-shape check refuses their letter-case variants. Configured names are added to
    /// <see cref="DefaultCredentialParams"/>; the defaults cannot be removed.
    /// </summary>
    public IReadOnlyList<string> CredentialParams { get; set; } = DefaultCredentialParams;

    /// <summary>
    /// Names that collide with RTSP meaning or with credentials. Never forwarded. Configured names
    /// are added to <see cref="DefaultReservedParams"/>; the defaults cannot be removed.
    /// </summary>
    public IReadOnlyList<string> ReservedParams { get; set; } = DefaultReservedParams;

    /// <summary>
    /// A forwarded name that the camera URL's own query already has (compared case-insensitively):
    /// <c>refuse</c> (default) refuses the request with <c>forward_param_conflict</c>, <c>drop</c>
    /// leaves the parameter out. The camera URL's value always stands.
    /// </summary>
    public string? OnConflict { get; set; } = "refuse";

    /// <summary>Per-camera allow-lists; the first entry whose pattern matches the camera wins.</summary>
    public IReadOnlyList<ForwardingCameraSettings> Cameras { get; set; } = [];
}
