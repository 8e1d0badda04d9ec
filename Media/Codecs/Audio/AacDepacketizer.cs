using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs.Audio;

/// <summary>
/// AAC over RFC 3640 (<c>mpeg4-generic</c>, AAC-hbr/lbr): reads the AU-headers section (§3.2.1)
/// and emits each access unit as a frame, timestamped by its index (§3.2.1.1). Recognised and
/// reported only: conversion to Opus happens later, out of process. Every length is checked: the
/// AU headers must fit, and the AU sizes must add up to exactly the data that follows. A single
/// AU fragmented over several packets (§3.2.3) is not supported (dropped and counted).
/// </summary>
internal sealed class AacDepacketizer : IRtpDepacketizer
{
    /// <summary>Most access units accepted in one packet.</summary>
    public const int MaxUnitsPerPacket = 64;

    private readonly RtpTrackCounters _counters;
    private readonly AacFormat _format;

    public AacDepacketizer(TrackDescription track, RtpTrackCounters counters, AacFormat format)
    {
        _counters = counters;
        _format = format;
        Track = track with
        {
            ParameterSets = format.Config.Length > 0 ? [format.Config] : [],
            Profile = format.CodecString,
        };
    }

    public TrackDescription Track { get; }

    public void Push(in RtpPacket packet, long timestamp, bool discontinuity, DateTimeOffset receivedAt, ICollection<MediaFrame> output)
    {
        var payload = packet.Payload;
        if (payload.Length < 2)
        {
            _counters.Drop(RtpDropReason.MalformedPayload);
            return;
        }

        // AU-headers-length: in bits, 16-bit big-endian.
        var headerBits = (payload[0] << 8) | payload[1];
        var headerBytes = (headerBits + 7) / 8;
        if (headerBits == 0 || headerBytes > payload.Length - 2)
        {
            _counters.Drop(RtpDropReason.MalformedPayload);
            return;
        }

        var reader = new BitReader(payload.Slice(2, headerBytes));
        var data = payload[(2 + headerBytes)..];
        Span<int> sizes = stackalloc int[MaxUnitsPerPacket];
        var count = 0;
        long total = 0;
        var consumed = 0;
        while (consumed < headerBits)
        {
            var indexBits = count == 0 ? _format.IndexLength : _format.IndexDeltaLength;
            var bits = _format.SizeLength + indexBits;
            if (headerBits - consumed < bits || count == MaxUnitsPerPacket)
            {
                _counters.Drop(RtpDropReason.MalformedPayload);
                return;
            }

            var size = (int)reader.ReadBits(_format.SizeLength);
            var index = reader.ReadBits(indexBits);
            if (count > 0 && index != 0)
            {
                // Interleaving (a non-zero AU-Index-delta) is not supported.
                _counters.Drop(RtpDropReason.UnsupportedPacketization);
                return;
            }

            consumed += bits;
            sizes[count++] = size;
            total += size;
        }

        if (count == 1 && total > data.Length)
        {
            _counters.Drop(RtpDropReason.UnsupportedPacketization);
            return;
        }

        if (total != data.Length)
        {
            _counters.Drop(RtpDropReason.MalformedPayload);
            return;
        }

        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var unit = data.Slice(offset, sizes[i]).ToArray();
            offset += sizes[i];
            output.Add(new MediaFrame(Track.TrackId, MediaCodec.Aac, timestamp + ((long)i * _format.FrameDuration), true, [unit], receivedAt));
            _counters.AddFrame(true);
        }
    }
}
