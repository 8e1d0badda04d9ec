namespace SecureStream.Media.Transcoding.MpegTs;

/// <summary>One reassembled PES packet of the elementary stream <see cref="StreamType"/>; <see cref="Pts"/> is the 33-bit 90 kHz PTS, or null when absent.</summary>
internal sealed record MpegTsPes(byte StreamType, bool IsOpus, long? Pts, ReadOnlyMemory<byte> Payload);
