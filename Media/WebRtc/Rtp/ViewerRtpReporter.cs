using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// Reports one viewer track's drops and feedback once per interval instead of per packet
/// (docs/architecture.md, the data plane): the session calls <see cref="Report"/> on its timer; nothing is logged when
/// nothing happened since the last call. Counts only, never packet contents.
/// </summary>
internal sealed partial class ViewerRtpReporter
{
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private long _framesDropped;
    private long _framesSkipped;
    private long _retransmitted;
    private long _retransmissionsRefused;
    private long _keyframeRequests;
    private long _rtcpRefused;

    public ViewerRtpReporter(ILogger logger, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(sessionId);
        _logger = logger;
        _sessionId = sessionId;
    }

    /// <summary>Logs what changed since the previous call, if anything did; returns whether it logged.</summary>
    public bool Report(ViewerRtpWriter writer, RtcpFeedbackHandler feedback)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(feedback);
        var framesDropped = Delta(ref _framesDropped, writer.FramesDropped);
        var framesSkipped = Delta(ref _framesSkipped, writer.FramesSkippedForKeyframe);
        var retransmitted = Delta(ref _retransmitted, feedback.Retransmitted);
        var refused = Delta(ref _retransmissionsRefused, feedback.RetransmissionsMissing + feedback.RetransmissionsRateLimited);
        var keyframeRequests = Delta(ref _keyframeRequests, feedback.PictureLossIndications + feedback.FullIntraRequests);
        var rtcpRefused = Delta(ref _rtcpRefused, feedback.UnprotectFailures + feedback.Malformed);
        if (framesDropped + framesSkipped + retransmitted + refused + keyframeRequests + rtcpRefused == 0)
        {
            return false;
        }

        Log.ViewerTrackReport(_logger, _sessionId, writer.Ssrc, framesDropped, framesSkipped, retransmitted, refused, keyframeRequests, rtcpRefused);
        return true;
    }

    private static long Delta(ref long previous, long current)
    {
        var delta = current - previous;
        previous = current;
        return delta;
    }
}
