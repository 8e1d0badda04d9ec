using Microsoft.Extensions.Logging;
using SecureStream.Media.Streams;
using SecureStream.Media.Transcoding;
using SecureStream.Media.WebRtc.Sessions;

namespace SecureStream.Media.Origin;

/// <summary>
/// Joins the transcoders a new viewer session needs: one per track it gets transcoded
/// (<see cref="WebRtc.Sdp.NegotiatedTrack.IsTranscoded"/>), each fed by its own share of the
/// viewer's pull. The session owns the leases (<see cref="WebRtcSession.TryOwn"/>), so they last
/// exactly as long as it does, whatever ends it; a failure leaves the session to the caller to end.
/// </summary>
/// <remarks>Transcoding is optional: without an <see cref="ITrackTranscoders"/> no session has a transcoded track.</remarks>
internal sealed partial class ViewerTranscoding(ILogger<ViewerTranscoding> logger, ITrackTranscoders? transcoders = null)
{
    /// <summary>Null when every transcoded track of <paramref name="session"/> is fed; else the refusal (the caller ends the session).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the caller ends the session).</exception>
    public async Task<OriginRefusal?> JoinAsync(WebRtcSession session, StreamSubscription viewer, OriginAdmission admission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(admission);
        foreach (var track in session.Tracks)
        {
            if (!track.IsTranscoded)
            {
                continue;
            }

            if (transcoders is null || admission.Pull is not { } pull || admission.SubscribeAgain is not { } subscribeAgain)
            {
                // The factory negotiates transcoded tracks only with transcoders registered.
                return OriginRefusal.Unplayable(WebRtc.Sdp.BrowserSdpFailure.TranscodingDisabled);
            }

            IAsyncDisposable lease;
            try
            {
                lease = await transcoders.JoinAsync(pull, track.Source, track.Track.Codec, viewer, subscribeAgain, cancellationToken).ConfigureAwait(false);
            }
            catch (StreamStartException exception)
            {
                Log.JoinFailed(logger, session.Id, track.Source.TrackId, track.Track.Codec, exception.Reason);
                return OriginRefusal.StreamUnavailable(exception.Reason);
            }
            catch (TranscodingRefusedException exception)
            {
                // Refused between the negotiation and the join (another pull took the last slot):
                // the answer already promised the track, so the viewer retries and is negotiated afresh.
                Log.JoinFailed(logger, session.Id, track.Source.TrackId, track.Track.Codec, exception.Reason);
                return new OriginRefusal(503, exception.Reason);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A transcoder that cannot start refuses this viewer (503, retry), never the origin.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.JoinError(logger, session.Id, track.Source.TrackId, track.Track.Codec, exception);
                return OriginRefusal.TranscoderUnavailable;
            }

            if (!session.TryOwn(lease))
            {
                // The session ended while joining: nobody else will release the lease.
                await lease.DisposeAsync().ConfigureAwait(false);
                return null;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3121, Level = LogLevel.Warning,
            Message = "Viewer session {SessionId}: the transcoder for camera track {TrackId} to {Codec} could not be joined ({Reason})")]
        public static partial void JoinFailed(ILogger logger, string sessionId, int trackId, Frames.MediaCodec codec, string reason);

        [LoggerMessage(EventId = 3122, Level = LogLevel.Error,
            Message = "Viewer session {SessionId}: the transcoder for camera track {TrackId} to {Codec} failed to start")]
        public static partial void JoinError(ILogger logger, string sessionId, int trackId, Frames.MediaCodec codec, Exception exception);
    }
}
