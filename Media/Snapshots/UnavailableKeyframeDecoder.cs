using SecureStream.Media.Frames;

namespace SecureStream.Media.Snapshots;

/// <summary>Placeholder until the boxed ffmpeg decoder is wired: every decode fails cleanly.</summary>
internal sealed class UnavailableKeyframeDecoder : IKeyframeDecoder
{
    public Task<KeyframeDecode> DecodeAsync(MediaCodec codec, ReadOnlyMemory<byte> annexB, CancellationToken cancellationToken) =>
        Task.FromResult(KeyframeDecode.Failed("decoder_unavailable"));
}
