namespace SecureStream.Media.Streams;

/// <summary>
/// How the hub pulls one camera. The registry supplies them per camera (OME's
/// <c>NoInputFailoverTimeout</c> and <c>UnusedStreamDeletionTimeout</c> properties); the settings
/// of the subscriber that starts a camera's stream apply until that stream is released.
/// </summary>
internal sealed record StreamSettings
{
    /// <summary>The defaults: OME's 3000 ms failover and 60000 ms deletion timeouts.</summary>
    public static StreamSettings Default { get; } = new();

    /// <summary>How long a subscriber waits for a camera that is starting before it gets <c>start_timeout</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>No tracks (while starting) or no frame (while running) for this long → the next URL.</summary>
    public TimeSpan NoInputFailoverTimeout { get; init; } = TimeSpan.FromMilliseconds(3000);

    /// <summary>How long a stream nobody watches keeps its pull before TEARDOWN.</summary>
    public TimeSpan UnusedStreamDeletionTimeout { get; init; } = TimeSpan.FromMilliseconds(60000);

    /// <summary>
    /// A running camera that fails and has not delivered a frame again this long after its first
    /// failure ends its subscribers with <c>camera_down</c> and is released.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Delay before the second consecutive failed attempt's retry; doubles per further failure up to
    /// <see cref="FailoverBackoffMax"/>. The first failover after a healthy source is immediate.
    /// </summary>
    public TimeSpan FailoverBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts.</summary>
    public TimeSpan FailoverBackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Frames each subscriber may have queued; must hold the kept GOP (at least <see cref="GopMaxFrames"/>).</summary>
    public int SubscriberQueueFrames { get; init; } = 512;

    /// <summary>Most frames (video and audio) kept from the latest keyframe.</summary>
    public int GopMaxFrames { get; init; } = 300;

    /// <summary>Most payload bytes kept from the latest keyframe.</summary>
    public long GopMaxBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Every problem with these settings, each naming the setting and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        RequirePositive(errors, nameof(StartTimeout), StartTimeout);
        RequirePositive(errors, nameof(NoInputFailoverTimeout), NoInputFailoverTimeout);
        RequirePositive(errors, nameof(UnusedStreamDeletionTimeout), UnusedStreamDeletionTimeout);
        RequirePositive(errors, nameof(GiveUpAfter), GiveUpAfter);
        // Zero would retry a camera that refuses at once in a tight loop.
        if (FailoverBackoff < TimeSpan.FromMilliseconds(1) || FailoverBackoff > FailoverBackoffMax)
        {
            errors.Add($"{nameof(FailoverBackoff)} must be between 1 ms and {nameof(FailoverBackoffMax)}.");
        }

        if (GopMaxFrames < 1 || GopMaxBytes < 1)
        {
            errors.Add($"{nameof(GopMaxFrames)} and {nameof(GopMaxBytes)} must be at least 1.");
        }

        if (SubscriberQueueFrames < GopMaxFrames)
        {
            errors.Add($"{nameof(SubscriberQueueFrames)} must be at least {nameof(GopMaxFrames)} ({GopMaxFrames}) so that a new subscriber's queue holds the kept GOP.");
        }

        return errors;
    }

    private static void RequirePositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            errors.Add($"{name} must be between 1 ms and 1 day.");
        }
    }
}
