using SecureStream.Media.Frames;
using SecureStream.Media.Origin;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>
/// What the session tells about itself for metrics and the operator console: its ICE path, its
/// bytes on the wire and its traffic counters, all read from counters its parts keep anyway.
/// </summary>
internal sealed partial class WebRtcSession
{
    /// <summary>The path its media takes, from the selected pair and the candidates the viewer signalled.</summary>
    public IcePath Path => IcePathClassifier.Classify(_agent.SelectedAddress, _candidates);

    /// <summary>SRTP bytes handed to the socket so far (all tracks, RTP header and tag included).</summary>
    public long WireOctetsSent
    {
        get
        {
            var total = 0L;
            foreach (var writer in Volatile.Read(ref _writers))
            {
                total += writer.WireOctetsSent;
            }

            return total;
        }
    }

    /// <summary>Candidates the viewer trickled after its offer or answer (a WHEP PATCH fragment), to tell its path.</summary>
    public void AddRemoteCandidates(string fragment) => _candidates.AddFrom(fragment);

    /// <summary>Adds this session's counters to <paramref name="traffic"/>; allocates nothing.</summary>
    public void AddTrafficTo(ref ViewerTraffic traffic)
    {
        foreach (var writer in Volatile.Read(ref _writers))
        {
            var packets = writer.PacketsSent;
            var bytes = writer.WireOctetsSent;
            var lost = writer.LossReported;
            if (writer.IsVideo)
            {
                traffic.VideoPackets += packets;
                traffic.VideoBytes += bytes;
                traffic.VideoLost += lost;
            }
            else
            {
                traffic.AudioPackets += packets;
                traffic.AudioBytes += bytes;
                traffic.AudioLost += lost;
            }

            traffic.Retransmissions += writer.PacketsRetransmitted;
            traffic.DroppedQueueFull += writer.PacketsDroppedQueueFull;
            traffic.DroppedAwaitingKeyframe += writer.PacketsDroppedAwaitingKeyframe;
            traffic.SkippedForKeyframe += writer.PacketsSkippedForKeyframe;
            traffic.ProtectFailures += writer.ProtectFailures;
        }

        if (Volatile.Read(ref _feedback) is { } feedback)
        {
            // Separate counters, each only growing, so every sum only grows.
            traffic.NackedPackets += feedback.NackedPackets;
            traffic.KeyframeRequests += feedback.PictureLossIndications + feedback.FullIntraRequests;
            traffic.SrtcpAuthenticationFailures += feedback.AuthenticationFailures;
            traffic.SrtcpReplays += feedback.Replays;
            traffic.SrtcpOtherFailures += feedback.OtherUnprotectFailures;
        }
    }

    /// <summary>
    /// The track whose first keyframe ends the time to first frame: the first video track, or the
    /// first track when the viewer gets no video.
    /// </summary>
    private NegotiatedTrack? FirstFrameTrack() =>
        _tracks.FirstOrDefault(t => t.Track.Kind == TrackKind.Video) ?? (_tracks.Count > 0 ? _tracks[0] : null);

    private void FirstKeyframeSent() => _metrics?.FirstKeyframeSent(_time.GetElapsedTime(_signalledAt));
}
