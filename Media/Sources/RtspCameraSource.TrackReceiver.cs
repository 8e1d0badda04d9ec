using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Sources;

internal sealed partial class RtspCameraSource
{
    /// <summary>
    /// One track's receiver with its reusable frame list. Over UDP each track has its own receive
    /// loop and the report timer runs beside them, so each track serialises its own work.
    /// </summary>
    private sealed class TrackReceiver(RtpTrackReceiver receiver)
    {
        private readonly Lock _lock = new();
        private readonly List<MediaFrame> _frames = new(4);

        public void Receive(ReadOnlySpan<byte> packet, IFrameSink sink)
        {
            lock (_lock)
            {
                receiver.Receive(packet, _frames);
                foreach (var frame in _frames)
                {
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
