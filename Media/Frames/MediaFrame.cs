namespace SecureStream.Media.Frames;

/// <summary>
/// One access unit (video) or audio frame, depacketized once per camera and shared by every
/// viewer of it. Immutable once built: viewers read it concurrently.
/// </summary>
/// <param name="Timestamp">In the track's clock rate, unwrapped to 64 bits (never jumps back at the 32-bit wrap).</param>
/// <param name="Units">Video: NAL units without start codes, in decoding order. Audio: one payload.</param>
internal sealed record MediaFrame(
    int TrackId,
    MediaCodec Codec,
    long Timestamp,
    bool IsKeyframe,
    IReadOnlyList<ReadOnlyMemory<byte>> Units,
    DateTimeOffset ReceivedAt)
{
    /// <summary>Total payload bytes.</summary>
    public int Size
    {
        get
        {
            var size = 0;
            foreach (var unit in Units)
            {
                size += unit.Length;
            }

            return size;
        }
    }
}
