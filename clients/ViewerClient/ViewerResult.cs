namespace SecureStream.ViewerClient;

/// <summary>
/// What one viewer saw, measured from the start of its signalling. Times are null when the event
/// never happened (the viewer failed first or nothing arrived).
/// </summary>
/// <param name="Failure">A short reason code (<c>http_403</c>, <c>ice_timeout</c>, <c>dtls_failed</c>…) or null when the viewer played.</param>
/// <param name="BitsPerSecond">Received SRTP bytes (all tracks) × 8 over the time from the first packet to the end.</param>
/// <param name="Lost">Packets missing by sequence numbers, all tracks (RFC 3550 §6.4.1).</param>
/// <param name="BadNalUnits">H.264 NAL units a decoder would refuse, plus payloads the depacketizer dropped as malformed.</param>
/// <param name="SrtpFailures">Packets that failed authentication or were malformed.</param>
/// <param name="SrtpReplayed">Packets the replay check refused (RFC 3711 §3.3.2): seen before, or older than the 64-packet window — i.e. sent out of order.</param>
internal sealed record ViewerResult(
    string? Failure,
    TimeSpan? SignallingTime,
    TimeSpan? ConnectTime,
    TimeSpan? FirstPacket,
    TimeSpan? FirstKeyframe,
    long Packets,
    long Bytes,
    double BitsPerSecond,
    long Lost,
    long VideoFrames,
    long Keyframes,
    long BadNalUnits,
    long SrtpFailures,
    long SrtpReplayed,
    long QueueDrops,
    (int Width, int Height)? PictureSize)
{
    public bool Played => Failure is null && FirstKeyframe is not null;

    /// <summary>The encoding the gateway answered for the audio section (<c>opus</c>, <c>PCMU</c>…); null without audio.</summary>
    public string? AudioCodec { get; init; }

    /// <summary>Decrypted RTP packets of the audio track.</summary>
    public long AudioPackets { get; init; }
}
