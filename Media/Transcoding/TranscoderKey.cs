using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>One transcoder's identity: every viewer of the same pull needing the same track in the same codec shares it.</summary>
internal readonly record struct TranscoderKey(PullKey Pull, int SourceTrackId, MediaCodec Target);
