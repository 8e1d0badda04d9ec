namespace SecureStream.DemoCameras;

/// <summary>
/// One access unit of a clip, packetized once at load (RFC 6184) so that serving it costs only
/// an RTP header and a copy per viewer.
/// </summary>
internal sealed class DemoVideoFrame
{
    public DemoVideoFrame(bool isKeyframe, ReadOnlyMemory<byte>[] payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        IsKeyframe = isKeyframe;
        Payloads = payloads;
        foreach (var payload in payloads)
        {
            PayloadBytes += payload.Length;
        }
    }

    /// <summary>Contains an IDR slice (and, in these clips, the SPS and PPS before it).</summary>
    public bool IsKeyframe { get; }

    /// <summary>RTP payloads in sending order; the last one carries the marker bit.</summary>
    public ReadOnlyMemory<byte>[] Payloads { get; }

    public int PayloadBytes { get; }
}
