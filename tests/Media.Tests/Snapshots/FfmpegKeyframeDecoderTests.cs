using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Frames;
using SecureStream.Media.Snapshots;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Snapshots;

/// <summary>The real decoder: Debian's ffmpeg in its box. Hostile input is a failure value, never a crash or a hang.</summary>
public sealed class FfmpegKeyframeDecoderTests
{
    public static TheoryData<string, byte[]> HostileKeyframes => new()
    {
        { "empty", [] },
        { "text", "GET / HTTP/1.1\r\n\r\n"u8.ToArray() },
        { "start codes only", [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1] },
        { "SPS of garbage then IDR of garbage", [0, 0, 0, 1, 0x67, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 0x65, 0xFF, 0x00, 0xFF] },
        { "random megabyte", RandomBytes(1024 * 1024) },
    };

    [Theory]
    [MemberData(nameof(HostileKeyframes))]
    public async Task DecodeAsync_HostileH264Keyframe_FailedValue(string name, byte[] keyframe)
    {
        var decoder = Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await decoder.DecodeAsync(MediaCodec.H264, keyframe, timeout.Token);

        Assert.False(result.IsDecoded && JpegHeader.TryRead(result.Jpeg, out _, out _), name);
    }

    [Fact]
    public async Task DecodeAsync_NotAVideoCodec_RefusedWithoutFfmpeg()
    {
        var result = await Create().DecodeAsync(MediaCodec.Pcmu, new byte[10], CancellationToken.None);

        Assert.Equal("codec_not_decoded", result.Failure);
    }

    private static FfmpegKeyframeDecoder Create() => new(
        new FfmpegBox(Options.Create(new TranscodingOptions()), NullLogger<FfmpegBox>.Instance),
        Options.Create(new SnapshotOptions()),
        NullLogger<FfmpegKeyframeDecoder>.Instance);

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(1234).NextBytes(bytes);
        return bytes;
    }
}
