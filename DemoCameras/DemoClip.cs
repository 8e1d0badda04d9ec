using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H264;
using System.Globalization;

namespace SecureStream.DemoCameras;

/// <summary>
/// A loaded clip: video access units packetized for RTP, audio cut into 20 ms PCMU frames, and
/// what the SDP needs. Immutable and shared by every camera mapped onto it.
/// </summary>
internal sealed class DemoClip
{
    /// <summary>RTP clock rate of H.264 (RFC 6184 §8.2.1).</summary>
    public const int VideoClockRate = 90_000;

    /// <summary>RTP clock rate of PCMU (RFC 3551 §4.5.14).</summary>
    public const int AudioClockRate = 8000;

    /// <summary>20 ms of PCMU, one byte per sample: RFC 3551's default packetization interval.</summary>
    public const int AudioSamplesPerFrame = 160;

    private DemoClip(DemoClipSpec spec, byte[] sps, byte[] pps, DemoVideoFrame[] videoFrames, ReadOnlyMemory<byte>[] audioFrames)
    {
        Spec = spec;
        Sps = sps;
        Pps = pps;
        VideoFrames = videoFrames;
        AudioFrames = audioFrames;
        ProfileLevelId = Convert.ToHexStringLower(sps, 1, 3);
        var second = Array.FindIndex(videoFrames, 1, frame => frame.IsKeyframe);
        KeyframeInterval = second > 0 ? second : videoFrames.Length;
    }

    public DemoClipSpec Spec { get; }

    public string Name => Spec.Name;

    public int Width => Spec.Width;

    public int Height => Spec.Height;

    public int FrameRate => Spec.FrameRate;

    /// <summary>Sequence parameter set, NAL header included, no start code.</summary>
    public byte[] Sps { get; }

    /// <summary>Picture parameter set, NAL header included, no start code.</summary>
    public byte[] Pps { get; }

    /// <summary>RFC 6184 §8.1 <c>profile-level-id</c>: the SPS's profile_idc, constraint flags and level_idc in hex.</summary>
    public string ProfileLevelId { get; }

    /// <summary>Frames in decoding order (no B-frames, so also presentation order); the first is a keyframe.</summary>
    public DemoVideoFrame[] VideoFrames { get; }

    /// <summary>PCMU frames of <see cref="AudioSamplesPerFrame"/> bytes each.</summary>
    public ReadOnlyMemory<byte>[] AudioFrames { get; }

    /// <summary>Frames from the first keyframe to the second (the whole clip when there is one).</summary>
    public int KeyframeInterval { get; }

    /// <summary>RTP timestamp increment per video frame.</summary>
    public int VideoTicksPerFrame => VideoClockRate / FrameRate;

    /// <summary>
    /// Builds a clip from an Annex-B H.264 stream and raw PCMU. Throws
    /// <see cref="InvalidDataException"/> when the stream is not what make-clips.sh produces
    /// (this is the repository's own data, never client input).
    /// </summary>
    public static DemoClip Load(DemoClipSpec spec, ReadOnlyMemory<byte> annexB, ReadOnlyMemory<byte> pcmu)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.FrameRate <= 0 || DemoClip.VideoClockRate % spec.FrameRate != 0)
        {
            throw new InvalidDataException($"Clip {spec.Name}: frame rate {spec.FrameRate} must divide 90000.");
        }

        byte[]? sps = null;
        byte[]? pps = null;
        var frames = new List<DemoVideoFrame>();
        foreach (var accessUnit in AnnexBReader.GroupAccessUnits(AnnexBReader.SplitNalUnits(annexB)))
        {
            var sent = new List<ReadOnlyMemory<byte>>(accessUnit.Count);
            var keyframe = false;
            var hasSlice = false;
            foreach (var unit in accessUnit)
            {
                switch (AnnexBReader.NalTypeOf(unit.Span))
                {
                    // Delimiters, SEI (x264's settings banner), filler and end markers carry
                    // nothing a viewer needs; a loop must not send an end of stream.
                    case H264NalType.AccessUnitDelimiter or H264NalType.Sei or H264NalType.Filler
                        or H264NalType.EndOfSequence or H264NalType.EndOfStream:
                        continue;
                    case H264NalType.Sps:
                        sps ??= unit.ToArray();
                        break;
                    case H264NalType.Pps:
                        pps ??= unit.ToArray();
                        break;
                    case H264NalType.Idr:
                        keyframe = true;
                        hasSlice = true;
                        break;
                    case H264NalType.Slice:
                        hasSlice = true;
                        break;
                }

                sent.Add(unit);
            }

            if (hasSlice)
            {
                frames.Add(new DemoVideoFrame(keyframe, H264Packetizer.Packetize(sent)));
            }
        }

        if (sps is null || sps.Length < 4 || pps is null)
        {
            throw new InvalidDataException($"Clip {spec.Name}: no SPS or PPS in the video stream.");
        }

        if (frames.Count == 0 || !frames[0].IsKeyframe)
        {
            throw new InvalidDataException($"Clip {spec.Name}: the video must start with an IDR frame so the loop restarts cleanly.");
        }

        var audioFrameCount = pcmu.Length / AudioSamplesPerFrame;
        if (audioFrameCount == 0)
        {
            throw new InvalidDataException($"Clip {spec.Name}: the audio is shorter than one 20 ms frame.");
        }

        var audio = new ReadOnlyMemory<byte>[audioFrameCount];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = pcmu.Slice(i * AudioSamplesPerFrame, AudioSamplesPerFrame);
        }

        return new DemoClip(spec, sps, pps, [.. frames], audio);
    }

    /// <summary>RFC 6184 §8.1 <c>sprop-parameter-sets</c>: base64 SPS and PPS, comma-separated.</summary>
    public string SpropParameterSets =>
        string.Create(CultureInfo.InvariantCulture, $"{Convert.ToBase64String(Sps)},{Convert.ToBase64String(Pps)}");
}
