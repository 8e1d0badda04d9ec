using System.Globalization;
using System.Text.Json.Serialization;
using SecureStream.Media.Cameras;

namespace SecureStream.Proxy.Management;

/// <summary>
/// A camera as the operator console shows it (docs/console.md, "Console API"). Security
/// invariant: a source is named by its place in the camera's URL list ("source 2 of 3"), never by
/// its URL, which may carry the camera's credentials.
/// </summary>
internal sealed record ConsoleCameraView(
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("viewers")] int Viewers,
    [property: JsonPropertyName("bitrateBps")] long? BitrateBps,
    [property: JsonPropertyName("lastError")] string? LastError,
    [property: JsonPropertyName("lastErrorAt")] DateTimeOffset? LastErrorAt,
    [property: JsonPropertyName("source")] string? Source)
{
    public const string Idle = "idle";
    public const string Pulling = "pulling";
    public const string Failing = "failing";
    public const string FailedOver = "failedOver";

    /// <summary>
    /// The console's state of a camera from its hub figures: idle when nothing pulls it; failing
    /// while no source delivers and one has failed (retrying, or given up); failed over while a
    /// source other than the first delivers; otherwise pulling (also while the first source is
    /// still starting).
    /// </summary>
    public static string StateOf(CameraStatisticsSnapshot? figures) => figures switch
    {
        null => Idle,
        { State: "idle" } => Idle,
        { SourceConnected: false, LastFailure: not null } => Failing,
        { SourceConnected: true, SourceIndex: > 0 } => FailedOver,
        _ => Pulling,
    };

    /// <summary>"source 2 of 3": the 1-based place of the URL in use; null when idle.</summary>
    public static string? SourceOf(CameraStatisticsSnapshot? figures) =>
        figures is null || StateOf(figures) == Idle
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"source {figures.SourceIndex + 1} of {Math.Max(figures.SourceCount, 1)}");
}
