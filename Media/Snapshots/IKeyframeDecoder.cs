using SecureStream.Media.Frames;

namespace SecureStream.Media.Snapshots;

/// <summary>
/// Turns one keyframe (Annex B, parameter sets first) into one JPEG. Camera data is untrusted: the
/// decoder runs out of process (docs/snapshots.md, "Decoding"), and every failure is a value.
/// </summary>
internal interface IKeyframeDecoder
{
    /// <summary>Decodes; never throws but for <paramref name="cancellationToken"/> (the decode timeout).</summary>
    Task<KeyframeDecode> DecodeAsync(MediaCodec codec, ReadOnlyMemory<byte> annexB, CancellationToken cancellationToken);
}
