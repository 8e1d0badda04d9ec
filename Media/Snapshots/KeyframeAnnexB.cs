using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Codecs.H265;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// One keyframe as a decoder reads it from a pipe: Annex B byte stream (ITU-T H.264 / H.265
/// Annex B, a 4-byte start code before each NAL unit), parameter sets first. A camera that sends
/// its parameter sets only in the SDP (<c>sprop-parameter-sets</c>, <c>sprop-vps/sps/pps</c>) gets
/// them from the track; in-band ones are kept as they came.
/// </summary>
internal static class KeyframeAnnexB
{
    private static readonly byte[] StartCode = [0, 0, 0, 1];

    /// <summary>The bytes, or null when the frame is not an H.264/H.265 keyframe or they would exceed <paramref name="maxBytes"/>.</summary>
    public static byte[]? Build(MediaFrame keyframe, TrackDescription track, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(keyframe);
        ArgumentNullException.ThrowIfNull(track);
        if (!keyframe.IsKeyframe || keyframe.Codec is not (MediaCodec.H264 or MediaCodec.H265))
        {
            return null;
        }

        var units = new List<ReadOnlyMemory<byte>>(keyframe.Units.Count + track.ParameterSets.Count);
        if (!HasParameterSets(keyframe))
        {
            units.AddRange(track.ParameterSets);
        }

        units.AddRange(keyframe.Units);
        long size = 0;
        foreach (var unit in units)
        {
            size += StartCode.Length + unit.Length;
        }

        if (size > maxBytes)
        {
            return null;
        }

        var bytes = new byte[size];
        var at = 0;
        foreach (var unit in units)
        {
            StartCode.CopyTo(bytes, at);
            at += StartCode.Length;
            unit.Span.CopyTo(bytes.AsSpan(at));
            at += unit.Length;
        }

        return bytes;
    }

    // A sequence parameter set in the frame means the camera repeats them in-band (most do, before
    // every IDR); then the SDP's copy, which may be stale after a resolution change, is not used.
    private static bool HasParameterSets(MediaFrame frame)
    {
        foreach (var unit in frame.Units)
        {
            if (unit.IsEmpty)
            {
                continue;
            }

            var header = unit.Span[0];
            var isSps = frame.Codec == MediaCodec.H264
                ? H264NalType.Of(header) == H264NalType.Sps
                : H265NalType.Of(header) == H265NalType.Sps;
            if (isSps)
            {
                return true;
            }
        }

        return false;
    }
}
