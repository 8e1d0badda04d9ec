using System.Globalization;
using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding.MpegTs;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// One conversion this origin offers, with its ffmpeg job and the track it produces: AAC to Opus
/// 48 kHz (mono for a mono camera, else stereo), and H.265 or H.264 of any profile to H.264
/// Constrained Baseline (docs/transcoding.md, "What is transcoded").
/// </summary>
/// <param name="InputStreamType">The MPEG-TS stream type the camera's frames are written as.</param>
internal sealed record TranscodeProfile(TrackDescription Source, TrackDescription Output, byte InputStreamType, FfmpegJob Job)
{
    /// <summary>The profile-level-id of transcoded video: Constrained Baseline, level 3.1.</summary>
    public const string H264Profile = "42e01f";

    public const int OpusClockRate = 48_000;

    /// <summary>RTP ticks of one Opus packet ffmpeg writes (<see cref="TranscodingOptions.OpusFrameDurationMs"/>; 0 for video): when a PES carries several, each after the first is this much later.</summary>
    public int OpusPacketTicks { get; init; }

    public bool IsVideo => Output.Kind == TrackKind.Video;

    /// <summary>Null when the conversion is offered; else <see cref="TranscodingReasons.Unsupported"/>.</summary>
    public static string? Check(TrackDescription source, MediaCodec target)
    {
        ArgumentNullException.ThrowIfNull(source);
        return (source.Codec, target) switch
        {
            (MediaCodec.Aac, MediaCodec.Opus) when AdtsHeader.TryCreate(source, out _) => null,
            (MediaCodec.H265 or MediaCodec.H264, MediaCodec.H264) => null,
            _ => TranscodingReasons.Unsupported,
        };
    }

    /// <summary>The track a viewer receives (no ffmpeg involved).</summary>
    public static TrackDescription Describe(TrackDescription source, MediaCodec target)
    {
        ArgumentNullException.ThrowIfNull(source);
        var id = TranscodedTrackIds.Of(source.TrackId);
        return target switch
        {
            MediaCodec.Opus => new TrackDescription(id, TrackKind.Audio, MediaCodec.Opus, OpusClockRate, 2, []),
            MediaCodec.H264 => new TrackDescription(id, TrackKind.Video, MediaCodec.H264, 90_000, 0, [])
            {
                Profile = H264Profile,
                Width = source.Width,
                Height = source.Height,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "not a transcoding target"),
        };
    }

    /// <summary>The profile for an offered conversion (<see cref="Check"/> returned null).</summary>
    public static TranscodeProfile Create(TrackDescription source, MediaCodec target, TranscodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (Check(source, target) is { } reason)
        {
            throw new InvalidOperationException($"{source.Codec} to {target}: {reason}");
        }

        // Timestamps pass through unchanged (-copyts); the demuxer starts on the first frames
        // instead of analysing seconds of input; the muxer writes each frame the moment it exists.
        string[] input = ["-copyts", "-probesize", "32", "-analyzeduration", "100000", "-fpsprobesize", "0"];
        string[] mux = ["-muxdelay", "0", "-muxpreload", "0", "-max_interleave_delta", "0", "-flush_packets", "1"];
        var output = Describe(source, target);
        if (target == MediaCodec.Opus)
        {
            var bitrate = options.OpusBitrate.ToString(CultureInfo.InvariantCulture);
            // The camera's channel count, at most two: most cameras have one microphone, and a mono
            // Opus stream costs a quarter less to encode than the same sound upmixed (measured,
            // docs/BENCHMARKS.md). The SDP still says opus/48000/2 (RFC 7587 §7); a decoder plays
            // mono packets in it as they are.
            var channels = Math.Clamp(source.Channels, 1, 2).ToString(CultureInfo.InvariantCulture);
            string[] audio =
            [
                "-map", "0:a:0", "-vn", "-c:a", "libopus", "-application", "lowdelay", "-frame_duration", options.OpusFrameDurationMs.ToString(CultureInfo.InvariantCulture),
                "-b:a", bitrate, "-compression_level", options.OpusCompressionLevel.ToString(CultureInfo.InvariantCulture), "-ar", "48000", "-ac", channels, .. mux, "-pes_payload_size", "0",
            ];
            return new TranscodeProfile(source, output, MpegTsStreamType.AacAdts, new FfmpegJob("mpegts", input, audio, "mpegts"))
            {
                OpusPacketTicks = OpusClockRate / 1000 * options.OpusFrameDurationMs,
            };
        }

        string[] video =
        [
            "-map", "0:v:0", "-an", "-c:v", "libx264", "-profile:v", "baseline", "-level:v", "3.1",
            "-preset", "veryfast", "-tune", "zerolatency", "-bf", "0", "-pix_fmt", "yuv420p",
            "-force_key_frames", "source", "-g", "250", "-sc_threshold", "0", "-x264-params", "repeat-headers=1",
            "-fps_mode", "passthrough", "-enc_time_base", "1:90000",
            .. mux, "-omit_video_pes_length", "0",
        ];
        var streamType = source.Codec == MediaCodec.H265 ? MpegTsStreamType.H265 : MpegTsStreamType.H264;
        return new TranscodeProfile(source, output, streamType, new FfmpegJob("mpegts", input, video, "mpegts"));
    }
}
