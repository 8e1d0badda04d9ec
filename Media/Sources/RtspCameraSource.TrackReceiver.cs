using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Sources;

internal sealed partial class RtspCameraSource
{
    /// <summary>
    /// One track's receiver with its reusable frame list. Over UDP each track has its own receive
    /// loop and the report timer runs beside them, so each track serialises its own work.
    /// </summary>
    /// <param name="keyframes">The video track's keyframe requests to the camera; null on other tracks.</param>
    private sealed class TrackReceiver(RtpTrackReceiver receiver, CameraKeyframeRequester? keyframes)
    {
        private readonly Lock _lock = new();
        private readonly List<MediaFrame> _frames = new(4);

        public void Receive(ReadOnlySpan<byte> packet, IFrameSink sink)
        {
            lock (_lock)
            {
                var dropped = receiver.Receive(packet, _frames);
                if (keyframes is not null && dropped is null && receiver.Ssrc is { } ssrc)
                {
                    keyframes.OnVideoPacket(ssrc);
                }

                foreach (var frame in _frames)
                {
                    if (frame.IsKeyframe)
                    {
                        keyframes?.OnKeyframe();
                    }

                    sink.OnFrame(frame);
                }

                _frames.Clear();
            }
        }

        public void ReceiveRtcp(ReadOnlySpan<byte> packet)
        {
            lock (_lock)
            {
                receiver.ReceiveRtcp(packet);
            }
        }

        public int WriteReceiverReport(uint reporterSsrc, Span<byte> destination, ReadOnlySpan<byte> cname)
        {
            lock (_lock)
            {
                return receiver.TryWriteReceiverReport(destination, reporterSsrc, cname, out var written) ? written : 0;
            }
        }
    }
}
