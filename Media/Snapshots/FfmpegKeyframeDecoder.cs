using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// Decodes a keyframe with a one-shot ffmpeg in its box (<see cref="FfmpegBox"/>): the Annex B
/// keyframe in on stdin with the demuxer pinned (<c>h264</c> or <c>hevc</c>), one frame
/// (<c>-frames:v 1</c>) out on stdout as <c>mjpeg</c>, output bounded by
/// <see cref="SnapshotOptions.MaxJpegBytes"/> and time by <see cref="SnapshotOptions.DecodeTimeoutMs"/>.
/// ffmpeg never sees the camera, only these bytes; a crash or garbage costs one failed snapshot.
/// </summary>
internal sealed partial class FfmpegKeyframeDecoder(FfmpegBox box, IOptions<SnapshotOptions> options, ILogger<FfmpegKeyframeDecoder> logger) : IKeyframeDecoder
{
    private readonly SnapshotOptions _options = options.Value;

    public async Task<KeyframeDecode> DecodeAsync(MediaCodec codec, ReadOnlyMemory<byte> annexB, CancellationToken cancellationToken)
    {
        var format = codec switch
        {
            MediaCodec.H264 => "h264",
            MediaCodec.H265 => "hevc",
            _ => null,
        };
        if (format is null)
        {
            return KeyframeDecode.Failed("codec_not_decoded");
        }

        var job = new FfmpegJob(
            format,
            [],
            ["-an", "-frames:v", "1", "-q:v", _options.JpegQuality.ToString(CultureInfo.InvariantCulture)],
            "mjpeg");
        var run = await box.RunOnceAsync(job, annexB, _options.MaxJpegBytes, _options.DecodeTimeout, cancellationToken).ConfigureAwait(false);
        if (run.Output is { } jpeg)
        {
            return KeyframeDecode.Decoded(jpeg);
        }

        // ffmpeg's own words go to the debug log only: they describe camera data, not a secret, but
        // they are long and attacker-shaped; the failure code is what operators act on.
        Log.DecoderFailed(logger, run.Failure ?? "unknown", run.Diagnostics.Length > 512 ? run.Diagnostics[^512..] : run.Diagnostics);
        return KeyframeDecode.Failed(run.Failure ?? "unknown");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3255, Level = LogLevel.Debug,
            Message = "Snapshot ffmpeg failed ({Failure}): {StderrTail}")]
        public static partial void DecoderFailed(ILogger logger, string failure, string stderrTail);
    }
}
