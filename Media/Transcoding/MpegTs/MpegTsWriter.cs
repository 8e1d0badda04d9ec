using System.Buffers;
using System.Buffers.Binary;

namespace SecureStream.Media.Transcoding.MpegTs;

/// <summary>
/// Writes one elementary stream as an MPEG-2 transport stream (ISO/IEC 13818-1): PAT and PMT
/// (§2.4.4, CRC-32/MPEG-2) and one PES packet per frame with its 90 kHz PTS (§2.4.3.6), cut into
/// 188-byte packets. The PES length is set whenever it fits in 16 bits, so a demuxer hands the
/// frame on as soon as its last byte arrives instead of waiting for the next frame's start.
/// </summary>
internal sealed class MpegTsWriter
{
    public const int PacketSize = 188;
    public const int ProgramMapPid = 0x1000;
    public const int ElementaryPid = 0x0100;
    private const int PayloadPerPacket = PacketSize - 4;
    private const int PesHeaderLength = 14;
    private readonly byte _streamType;
    private readonly byte _streamId;
    private int _patCounter;
    private int _pmtCounter;
    private int _esCounter;

    /// <param name="streamType">The PMT stream type (<see cref="MpegTsStreamType"/>).</param>
    public MpegTsWriter(byte streamType)
    {
        _streamType = streamType;
        _streamId = streamType is MpegTsStreamType.H264 or MpegTsStreamType.H265 ? (byte)0xE0 : (byte)0xC0;
    }

    /// <summary>PAT then PMT, one packet each.</summary>
    public void WriteTables(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> pat =
        [
            0x00, 0xB0, 13, 0x00, 0x01, 0xC1, 0x00, 0x00,
            0x00, 0x01, (byte)(0xE0 | (ProgramMapPid >> 8)), ProgramMapPid & 0xFF,
            0, 0, 0, 0,
        ];
        WriteSection(output, 0, ref _patCounter, pat);
        Span<byte> pmt =
        [
            0x02, 0xB0, 18, 0x00, 0x01, 0xC1, 0x00, 0x00,
            (byte)(0xE0 | (ElementaryPid >> 8)), ElementaryPid & 0xFF, 0xF0, 0x00,
            _streamType, (byte)(0xE0 | (ElementaryPid >> 8)), ElementaryPid & 0xFF, 0xF0, 0x00,
            0, 0, 0, 0,
        ];
        WriteSection(output, ProgramMapPid, ref _pmtCounter, pmt);
    }

    /// <summary>One frame as one PES packet with <paramref name="pts"/> (90 kHz, taken modulo 2^33).</summary>
    public void WritePes(ReadOnlySpan<byte> payload, long pts, bool randomAccess, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        pts &= (1L << 33) - 1;
        Span<byte> header = stackalloc byte[PesHeaderLength];
        header[0] = 0;
        header[1] = 0;
        header[2] = 1;
        header[3] = _streamId;
        var length = payload.Length + 8;
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], length <= ushort.MaxValue ? (ushort)length : (ushort)0);
        header[6] = 0x80; // '10', not scrambled.
        header[7] = 0x80; // PTS only.
        header[8] = 5;
        header[9] = (byte)(0x21 | ((pts >> 29) & 0x0E));
        header[10] = (byte)(pts >> 22);
        header[11] = (byte)(0x01 | ((pts >> 14) & 0xFE));
        header[12] = (byte)(pts >> 7);
        header[13] = (byte)(0x01 | ((pts << 1) & 0xFE));

        var first = true;
        var headerLeft = header;
        var payloadLeft = payload;
        while (first || !headerLeft.IsEmpty || !payloadLeft.IsEmpty)
        {
            var packet = output.GetSpan(PacketSize)[..PacketSize];
            var remaining = headerLeft.Length + payloadLeft.Length;
            var adaptation = first ? 8 : 0; // length, flags, PCR.
            var room = PayloadPerPacket - adaptation;
            var stuffing = remaining < room ? room - remaining : 0;
            if (!first && stuffing > 0)
            {
                adaptation = stuffing;
            }
            else
            {
                adaptation += stuffing;
            }

            packet[0] = 0x47;
            packet[1] = (byte)((first ? 0x40 : 0x00) | (ElementaryPid >> 8));
            packet[2] = ElementaryPid & 0xFF;
            packet[3] = (byte)((adaptation > 0 ? 0x30 : 0x10) | _esCounter);
            _esCounter = (_esCounter + 1) & 0x0F;
            var at = 4;
            if (adaptation > 0)
            {
                packet[at++] = (byte)(adaptation - 1);
                if (adaptation > 1)
                {
                    var flags = first ? 0x10 | (randomAccess ? 0x40 : 0) : 0;
                    packet[at++] = (byte)flags;
                    if (first)
                    {
                        // PCR = PTS (base only): the demuxer is told nothing it could use to wait.
                        packet[at++] = (byte)(pts >> 25);
                        packet[at++] = (byte)(pts >> 17);
                        packet[at++] = (byte)(pts >> 9);
                        packet[at++] = (byte)(pts >> 1);
                        packet[at++] = (byte)(((pts & 1) << 7) | 0x7E);
                        packet[at++] = 0;
                    }

                    while (at < 4 + adaptation)
                    {
                        packet[at++] = 0xFF;
                    }
                }
            }

            var fromHeader = Math.Min(headerLeft.Length, PacketSize - at);
            headerLeft[..fromHeader].CopyTo(packet[at..]);
            headerLeft = headerLeft[fromHeader..];
            at += fromHeader;
            var fromPayload = Math.Min(payloadLeft.Length, PacketSize - at);
            payloadLeft[..fromPayload].CopyTo(packet[at..]);
            payloadLeft = payloadLeft[fromPayload..];
            output.Advance(PacketSize);
            first = false;
        }
    }

    private static void WriteSection(IBufferWriter<byte> output, int pid, ref int counter, Span<byte> section)
    {
        var crc = MpegTsCrc32.Compute(section[..^4]);
        BinaryPrimitives.WriteUInt32BigEndian(section[^4..], crc);
        var packet = output.GetSpan(PacketSize)[..PacketSize];
        packet.Fill(0xFF);
        packet[0] = 0x47;
        packet[1] = (byte)(0x40 | (pid >> 8));
        packet[2] = (byte)(pid & 0xFF);
        packet[3] = (byte)(0x10 | counter);
        counter = (counter + 1) & 0x0F;
        packet[4] = 0; // pointer_field
        section.CopyTo(packet[5..]);
        output.Advance(PacketSize);
    }
}
