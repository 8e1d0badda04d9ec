using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.Media.Frames;
using SecureStream.Media.Origin;
using SecureStream.Media.Streams;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// Takes the snapshot a ticket admits (docs/snapshots.md): the latest kept keyframe of the camera's
/// pull as a JPEG, decoded once per keyframe (<see cref="SnapshotCache"/>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Watched camera: the pull's kept keyframe is read without joining the stream, so a snapshot
/// neither starts nor prolongs a pull.</item>
/// <item>Unwatched camera (or a kept GOP dropped for size): the pull is joined as a keyframe probe
/// (<see cref="StreamHub.ProbeAsync"/>), the first keyframe taken, the probe left at once — before
/// the decode — so a pull only snapshots used ends right there, not after the deletion timeout.</item>
/// </list>
/// The pull is the ticket's (camera and forwarded query), exactly as for playback.
/// </remarks>
internal sealed partial class SnapshotService(
    OriginGate gate,
    StreamHub hub,
    SnapshotCache cache,
    IOptions<SnapshotOptions> options,
    TimeProvider time,
    ILogger<SnapshotService> logger)
{
    private readonly SnapshotOptions _options = options.Value;

    /// <summary>The snapshot for an admitted ticket. Never throws but for <paramref name="cancellationToken"/>.</summary>
    public async Task<SnapshotResult> TakeAsync(InternalTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!_options.Enabled)
        {
            return SnapshotResult.Refused(SnapshotRefusals.Disabled);
        }

        var registration = await gate.FindCameraAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (registration is null)
        {
            return SnapshotResult.Refused(OriginRefusal.CameraNotFound);
        }

        if (OriginGate.PullOf(ticket, registration) is not { } key)
        {
            return SnapshotResult.Refused(OriginRefusal.ForwardParamConflict);
        }

        if (hub.TryGetKeptKeyframe(key, out var kept, out var keptTrack))
        {
            return await DecodeAsync(key, kept!, keptTrack!, cancellationToken).ConfigureAwait(false);
        }

        var (keyframe, track, refusal) = await ProbeAsync(key, registration, cancellationToken).ConfigureAwait(false);
        return refusal is not null
            ? SnapshotResult.Refused(refusal)
            : await DecodeAsync(key, keyframe!, track!, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SnapshotResult> DecodeAsync(PullKey key, MediaFrame keyframe, TrackDescription track, CancellationToken cancellationToken)
    {
        // The decode is shared: this request stops waiting on its own cancellation, the decode goes on.
        var decoded = await cache.GetAsync(key, keyframe, track).WaitAsync(cancellationToken).ConfigureAwait(false);
        return decoded.IsDecoded
            ? SnapshotResult.Taken(decoded.Jpeg!)
            : SnapshotResult.Refused(ReferenceEquals(decoded, KeyframeDecode.Busy) ? SnapshotRefusals.Busy : SnapshotRefusals.DecodeFailed);
    }

    /// <summary>Joins the pull as a probe, waits (bounded) for a video keyframe and leaves.</summary>
    private async Task<(MediaFrame?, TrackDescription?, OriginRefusal?)> ProbeAsync(PullKey key, CameraRegistration registration, CancellationToken cancellationToken)
    {
        StreamSubscription subscription;
        try
        {
            subscription = await hub.ProbeAsync(
                key,
                CameraPullPlan.UrlsOf(registration, key.Variant, key.Rendition),
                CameraPullPlan.SettingsOf(registration),
                cancellationToken).ConfigureAwait(false);
        }
        catch (StreamStartException exception)
        {
            return (null, null, exception.Reason == StreamEndReasons.VariantLimit
                ? OriginRefusal.VariantLimit
                : OriginRefusal.StreamUnavailable(exception.Reason));
        }

        await using (subscription.ConfigureAwait(false))
        {
            if (!subscription.Tracks.Any(t => t.Kind == TrackKind.Video && GopBuffer.IsVideo(t.Codec)))
            {
                return (null, null, SnapshotRefusals.NoVideo);
            }

            using var timeout = new CancellationTokenSource(_options.KeyframeTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                var frames = subscription.Frames;
                while (await frames.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    while (frames.TryRead(out var frame))
                    {
                        if (frame.IsKeyframe && GopBuffer.IsVideo(frame.Codec) &&
                            subscription.Tracks.FirstOrDefault(t => t.TrackId == frame.TrackId) is { } track)
                        {
                            return (frame, track, null);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Log.NoKeyframe(logger, key.Camera, _options.KeyframeTimeoutMs);
                return (null, null, SnapshotRefusals.NoKeyframe);
            }

            // The stream ended under the probe (camera down, removed, shutting down).
            return (null, null, OriginRefusal.StreamUnavailable(subscription.Ended.IsCompleted ? await subscription.Ended.ConfigureAwait(false) : StreamEndReasons.CameraDown));
        }
    }
}
