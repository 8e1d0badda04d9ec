using SecureStream.Media.Frames;

namespace SecureStream.Media.Streams;

internal sealed partial class CameraStream
{
    private enum TickKind
    {
        WaiterTimeout,
        Watchdog,
        Retry,
        GiveUp,
        Deletion,
    }

    /// <summary>What the loop is asked to do; only the loop reads these.</summary>
    private abstract record Command;

    private sealed record Subscribe(Waiter Waiter) : Command;

    private sealed record CancelWait(Waiter Waiter) : Command;

    private sealed record Unsubscribe(StreamSubscription Subscription, TaskCompletionSource Ack) : Command;

    private sealed record StartSucceeded(long Generation, IReadOnlyList<TrackDescription> Tracks) : Command;

    private sealed record SourceFailed(long Generation, string Reason) : Command;

    private sealed record Flush(TaskCompletionSource Ack) : Command;

    private sealed record Shutdown(TaskCompletionSource Ack) : Command;

    private sealed record Close(string Reason, TaskCompletionSource Ack) : Command;

    /// <summary>A subscriber needs a keyframe soon (its decoder started over); the source limits how often the camera is asked.</summary>
    private sealed record KeyframeWanted : Command
    {
        public static readonly KeyframeWanted Instance = new();
    }

    /// <summary>
    /// A timer's firing. The loop compares it by reference with the tick it holds, so a timer that
    /// fires after it was replaced or cancelled does nothing.
    /// </summary>
    private sealed record Tick(TickKind Kind, Waiter? Waiter) : Command
    {
        public ITimer? Timer { get; set; }

        public void Cancel() => Timer?.Dispose();
    }

    /// <summary>A subscriber waiting for the stream to start.</summary>
    private sealed class Waiter(bool probe, CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;

        /// <summary>A keyframe probe (a snapshot), not a viewer: see <see cref="CameraStream.SubscribeAsync"/>.</summary>
        public bool Probe { get; } = probe;

        public TaskCompletionSource<StreamSubscription?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Tick? Timeout { get; set; }
    }
}
