using System.Buffers;
using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Codecs.H265;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Codecs;

/// <summary>
/// A video access unit as a decoder reads it from a byte stream (ITU-T H.264 / H.265 Annex B: a
/// 4-byte start code before each NAL unit). A keyframe that does not carry its parameter sets gets
/// the track's (from the SDP's <c>sprop-parameter-sets</c> / <c>sprop-vps/sps/pps</c>) in front, so
/// a decoder that starts on it can decode it; in-band ones are kept as they came.
/// </summary>
internal static class AnnexBAccessUnit
{
    private static readonly byte[] StartCode = [0, 0, 0, 1];

    /// <summary>Appends <paramref name="frame"/> (H.264 or H.265) to <paramref name="output"/>.</summary>
    public static void Write(MediaFrame frame, TrackDescription track, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(output);
        if (frame.IsKeyframe && !CarriesParameterSets(frame))
        {
            foreach (var set in track.ParameterSets)
            {
                Append(set.Span, output);
            }
        }

        foreach (var unit in frame.Units)
        {
            Append(unit.Span, output);
        }
    }

    // A sequence parameter set in the frame means the camera repeats them in-band (most do, before
    // every IDR); then the SDP's copy, which may be stale after a resolution change, is not used.
    private static bool CarriesParameterSets(MediaFrame frame)
    {
        foreach (var unit in frame.Units)
        {
            if (unit.IsEmpty)
            {
                continue;
            }

            var header = unit.Span[0];
            var isSps = frame.Codec == MediaCodec.H265
                ? H265NalType.Of(header) == H265NalType.Sps
                : H264NalType.Of(header) == H264NalType.Sps;
            if (isSps)
            {
                return true;
            }
        }

        return false;
    }

    private static void Append(ReadOnlySpan<byte> unit, IBufferWriter<byte> output)
    {
        output.Write(StartCode);
        output.Write(unit);
    }
}
