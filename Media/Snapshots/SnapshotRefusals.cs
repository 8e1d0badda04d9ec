using SecureStream.Media.Origin;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// The origin's snapshot-only refusals (docs/reason-codes.md, "Snapshots"). The others — a bad
/// ticket, an unknown camera, a camera that cannot be reached — are the playback codes.
/// </summary>
internal static class SnapshotRefusals
{
    /// <summary><c>Snapshots:Enabled</c> is off.</summary>
    public static readonly OriginRefusal Disabled = new(404, "snapshot_disabled");

    /// <summary>The camera has no H.264 or H.265 video track: there is no picture to take.</summary>
    public static readonly OriginRefusal NoVideo = new(404, "snapshot_no_video");

    /// <summary>The stream started but no keyframe came within <c>Snapshots:KeyframeTimeoutMs</c>.</summary>
    public static readonly OriginRefusal NoKeyframe = new(504, "snapshot_no_keyframe");

    /// <summary>The keyframe did not decode to a JPEG (decoder error, timeout, oversized input or output).</summary>
    public static readonly OriginRefusal DecodeFailed = new(502, "snapshot_decode_failed");

    /// <summary>Too many decodes running or waiting (<c>Snapshots:MaxPendingDecodes</c>): retry shortly.</summary>
    public static readonly OriginRefusal Busy = new(503, "snapshot_busy");
}
