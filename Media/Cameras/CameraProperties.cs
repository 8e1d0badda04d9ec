namespace SecureStream.Media.Cameras;

/// <summary>
/// How the stream hub treats a camera. Defaults are OME's (3000 ms failover, 60000 ms deletion).
/// </summary>
/// <param name="NoInputFailoverTimeoutMs">No input for this long → the next URL (100–600000 ms).</param>
/// <param name="UnusedStreamDeletionTimeoutMs">Last viewer gone for this long → TEARDOWN (0–86400000 ms).</param>
/// <param name="ForwardQueryParams">Whether a viewer's (filtered, re-encoded) query reaches the camera URL; each distinct query is its own pull (docs/cameras.md).</param>
/// <param name="IgnoreRtcpSRTimestamp">OME's switch: do not use RTCP sender reports for timing.</param>
/// <param name="RetryCount">Pull attempts per URL before giving up on it (0–100).</param>
/// <remarks>Part of the origin's face (docs/architecture.md, "The origin's face"): the management API validates and shows a camera's properties with these rules.</remarks>
public sealed record CameraProperties(
    int NoInputFailoverTimeoutMs,
    int UnusedStreamDeletionTimeoutMs,
    bool ForwardQueryParams,
    bool IgnoreRtcpSRTimestamp,
    int RetryCount)
{
    public const int DefaultNoInputFailoverTimeoutMs = 3000;
    public const int DefaultUnusedStreamDeletionTimeoutMs = 60000;
    public const int MinNoInputFailoverTimeoutMs = 100;
    public const int MaxNoInputFailoverTimeoutMs = 600_000;
    public const int MaxUnusedStreamDeletionTimeoutMs = 86_400_000;
    public const int MaxRetryCount = 100;

    /// <summary>OME's defaults; query forwarding off (ours: opt-in outside the static map).</summary>
    public static CameraProperties Default { get; } = new(DefaultNoInputFailoverTimeoutMs, DefaultUnusedStreamDeletionTimeoutMs, false, false, 1);

    /// <summary>Every problem with these values, each naming <paramref name="key"/>; empty when all are in range.</summary>
    public static IEnumerable<string> Check(string key, int? noInputFailoverTimeoutMs, int? unusedStreamDeletionTimeoutMs, int? retryCount = null)
    {
        if (noInputFailoverTimeoutMs is { } failover && failover is < MinNoInputFailoverTimeoutMs or > MaxNoInputFailoverTimeoutMs)
        {
            yield return $"{key}NoInputFailoverTimeoutMs: {failover} is out of range; set it between {MinNoInputFailoverTimeoutMs} and {MaxNoInputFailoverTimeoutMs} ms";
        }

        if (unusedStreamDeletionTimeoutMs is { } deletion && deletion is < 0 or > MaxUnusedStreamDeletionTimeoutMs)
        {
            yield return $"{key}UnusedStreamDeletionTimeoutMs: {deletion} is out of range; set it between 0 and {MaxUnusedStreamDeletionTimeoutMs} ms";
        }

        if (retryCount is { } retries && retries is < 0 or > MaxRetryCount)
        {
            yield return $"{key}RetryCount: {retries} is out of range; set it between 0 and {MaxRetryCount}";
        }
    }
}
