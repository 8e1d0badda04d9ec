using SecureStream.LoadTool;

namespace SecureStream.TranscodeBench;

/// <summary>
/// Pairs each transcoded frame with the camera frame it needed last, and reports how long after
/// that camera frame was received (<c>MediaFrame.ReceivedAt</c>, set by the origin's RTSP
/// depacketizer) a viewer read the transcoded one. Pairing is done after the run, so it does not
/// matter which reader saw a frame first.
/// </summary>
/// <remarks>
/// The transcoded track keeps the camera's clock (docs/transcoding.md), so a transcoded frame at
/// source time T came from the camera frames up to T: video frames pair one to one; an Opus frame
/// (960 samples) needs every AAC frame (1024 samples) up to its last sample plus the encoder's
/// lookahead (libopus stamps a packet its pre-skip earlier than the input it ends), so it is
/// paired with the camera frame holding sample T + <c>outputFrameTicks</c> − 1.
/// </remarks>
/// <param name="outputFrameTicks">Output-clock ticks from a transcoded frame's timestamp to one past the last input sample it needs.</param>
internal sealed class LatencyRecorder(int sourceRate, int outputRate, long outputFrameTicks)
{
    private readonly Lock _lock = new();
    private readonly List<(long Timestamp, DateTimeOffset ReceivedAt)> _inputs = [];
    private readonly List<(long Timestamp, DateTimeOffset ReadAt)> _outputs = [];
    private readonly List<double> _passThrough = [];

    /// <summary>Camera frames of the source track read in the measured window.</summary>
    public long FramesIn { get; private set; }

    /// <summary>A camera frame of the source track, read by the pass-through viewer at <paramref name="readAt"/>.</summary>
    public void Input(long timestamp, DateTimeOffset receivedAt, DateTimeOffset readAt, bool measuring)
    {
        lock (_lock)
        {
            _inputs.Add((timestamp, receivedAt));
            if (measuring)
            {
                FramesIn++;
                _passThrough.Add((readAt - receivedAt).TotalMilliseconds);
            }
        }
    }

    /// <summary>A transcoded frame read by its viewer, in the measured window.</summary>
    public void Output(long timestamp, DateTimeOffset readAt)
    {
        lock (_lock)
        {
            _outputs.Add((timestamp, readAt));
        }
    }

    public (double P50, double P95)? PassThrough()
    {
        lock (_lock)
        {
            return Summary(_passThrough);
        }
    }

    public (double P50, double P95)? Added()
    {
        lock (_lock)
        {
            var inputs = _inputs.OrderBy(i => i.Timestamp).ToArray();
            var keys = inputs.Select(i => i.Timestamp).ToArray();
            var latencies = new List<double>();
            foreach (var (timestamp, readAt) in _outputs)
            {
                var lastSample = (long)((Int128)(timestamp + outputFrameTicks - 1) * sourceRate / outputRate);
                var at = Array.BinarySearch(keys, lastSample);
                at = at >= 0 ? at : ~at - 1;
                if (at >= 0)
                {
                    latencies.Add((readAt - inputs[at].ReceivedAt).TotalMilliseconds);
                }
            }

            return Summary(latencies);
        }
    }

    private static (double P50, double P95)? Summary(List<double> values) =>
        values.Count == 0 ? null : (Percentiles.Of(values, 50)!.Value, Percentiles.Of(values, 95)!.Value);
}
