using System.Buffers;
using SecureStream.Media.Codecs;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// One keyframe as a decoder reads it from a pipe (<see cref="AnnexBAccessUnit"/>: parameter sets
/// first), bounded in size.
/// </summary>
internal static class KeyframeAnnexB
{
    /// <summary>The bytes, or null when the frame is not an H.264/H.265 keyframe or they would exceed <paramref name="maxBytes"/>.</summary>
    public static byte[]? Build(MediaFrame keyframe, TrackDescription track, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(keyframe);
        ArgumentNullException.ThrowIfNull(track);
        // The frame alone over the bound is refused before anything is copied.
        if (!keyframe.IsKeyframe || keyframe.Codec is not (MediaCodec.H264 or MediaCodec.H265) || keyframe.Size > maxBytes)
        {
            return null;
        }

        var bytes = new ArrayBufferWriter<byte>();
        AnnexBAccessUnit.Write(keyframe, track, bytes);
        return bytes.WrittenCount > maxBytes ? null : bytes.WrittenSpan.ToArray();
    }
}
