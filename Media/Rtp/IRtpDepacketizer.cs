using SecureStream.Media.Frames;

namespace SecureStream.Media.Rtp;

/// <summary>
/// Turns one track's RTP payloads into <see cref="MediaFrame"/>s. Fed in sequence order (the
/// receiver has already dropped duplicates and late packets and counted them); never throws on
/// what a camera sends: malformed input is dropped and counted in the track's counters.
/// Not thread-safe: one receive loop owns it.
/// </summary>
internal interface IRtpDepacketizer
{
    /// <summary>The track as currently understood; replaced (never mutated) when in-band parameter sets change it.</summary>
    TrackDescription Track { get; }

    /// <param name="packet">A packet whose header has been validated.</param>
    /// <param name="timestamp">The packet's RTP timestamp unwrapped to 64 bits.</param>
    /// <param name="discontinuity">Packets were lost just before this one (or the source restarted).</param>
    /// <param name="receivedAt">When the packet arrived.</param>
    /// <param name="output">Completed frames are added here (zero, one or two per packet).</param>
    void Push(in RtpPacket packet, long timestamp, bool discontinuity, DateTimeOffset receivedAt, ICollection<MediaFrame> output);
}
