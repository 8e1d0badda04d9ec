using System.Buffers;
using SecureStream.Media.Frames;
using SecureStream.Media.Tests.Transcoding;
using SecureStream.Media.Transcoding.MpegTs;

namespace SecureStream.Media.Tests.Transcoding.MpegTs;

public sealed class MpegTsWriterReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(176)] // exactly the first packet's room
    [InlineData(177)]
    [InlineData(183)]
    [InlineData(5000)]
    [InlineData(65_527)] // largest payload with a stated PES length
    [InlineData(200_000)] // a big keyframe: PES length 0
    public void Push_WrittenPes_ReadBackWithPayloadAndPts(int size)
    {
        var payload = Payload(size, seed: size);
        var (stream, _) = Write(MpegTsStreamType.H265, (payload, 123_456L));

        var pes = Read(stream, flush: true);

        var one = Assert.Single(pes);
        Assert.Equal(MpegTsStreamType.H265, one.StreamType);
        Assert.Equal(123_456L, one.Pts);
        Assert.Equal(payload, one.Payload.ToArray());
        Assert.Equal(0, stream.Length % MpegTsWriter.PacketSize);
    }

    [Fact]
    public void Push_StatedLength_HandedOnWithoutWaitingForTheNextPes()
    {
        var (stream, _) = Write(MpegTsStreamType.AacAdts, (Payload(300, 1), 90_000L));

        var pes = Read(stream, flush: false); // no flush, no next PES: the length says it is complete

        Assert.Single(pes);
    }

    [Fact]
    public void Push_AnyChunking_SameFrames()
    {
        var frames = Enumerable.Range(0, 20).Select(i => (Payload(100 + (i * 997), i), (long)(i * 3600))).ToArray();
        var (stream, _) = Write(MpegTsStreamType.H264, frames);
        var random = new Random(7);
        var reader = new MpegTsReader(MpegTsReader.MaxPesBytes);
        var pes = new List<MpegTsPes>();

        for (var at = 0; at < stream.Length;)
        {
            var take = Math.Min(stream.Length - at, random.Next(1, 400));
            reader.Push(stream.AsSpan(at, take), pes);
            at += take;
        }

        Assert.Equal(frames.Select(f => (f.Item1, (long?)f.Item2)), pes.Select(p => (p.Payload.ToArray(), p.Pts)));
        Assert.Equal(0, reader.Malformed);
    }

    [Fact]
    public void WritePes_PtsBeyond33Bits_Wrapped()
    {
        var (stream, _) = Write(MpegTsStreamType.AacAdts, (Payload(10, 1), (1L << 33) + 5));

        Assert.Equal(5L, Read(stream, flush: true).Single().Pts);
    }

    [Fact]
    public void WriteTables_Sections_CarryAValidCrc()
    {
        var (stream, _) = Write(MpegTsStreamType.H264);

        foreach (var packet in stream.Chunk(MpegTsWriter.PacketSize))
        {
            var length = ((packet[6] & 0x0F) << 8) | packet[7];
            Assert.Equal(0u, MpegTsCrc32.Compute(packet.AsSpan(5, 3 + length)));
        }
    }

    [Fact]
    public void Compute_Mpeg2CheckValue()
    {
        // CRC-32/MPEG-2 check value over "123456789".
        Assert.Equal(0x0376E6E7u, MpegTsCrc32.Compute("123456789"u8));
    }

    [Fact]
    public async Task Push_FfmpegsOwnOpusTransportStream_OpusPackets()
    {
        var stream = await TranscodingFixtures.FfmpegAsync(
            "opus.ts", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1", "-c:a", "libopus", "-frame_duration", "20", "-pes_payload_size", "0", "-f", "mpegts");

        var pes = Read(stream, flush: true);
        var packets = new List<ReadOnlyMemory<byte>>();

        Assert.NotEmpty(pes);
        Assert.All(pes, p => Assert.True(p.IsOpus && p.Pts is not null));
        Assert.All(pes, p => Assert.True(OpusTsPayload.TrySplit(p.Payload, packets)));
        Assert.InRange(packets.Count, 45, 55); // 1 s of 20 ms packets
    }

    [Fact]
    public void Push_RandomBytes_NoFramesNoExceptionCounted()
    {
        var random = new Random(99);
        var reader = new MpegTsReader(MpegTsReader.MaxPesBytes);
        var pes = new List<MpegTsPes>();
        for (var i = 0; i < 2000; i++)
        {
            var chunk = new byte[random.Next(1, 5000)];
            random.NextBytes(chunk);
            reader.Push(chunk, pes);
        }

        reader.Flush(pes);
        Assert.Empty(pes); // random bytes never pass a PAT and PMT CRC
        Assert.True(reader.Malformed > 0);
    }

    [Fact]
    public void Push_SyncBytesWithRandomContent_NoException()
    {
        // Every packet starts with 0x47 and claims PID 0, the PMT's or the stream's: the parsers see hostile content, not just lost sync.
        var random = new Random(5);
        var (tables, _) = Write(MpegTsStreamType.H264);
        var reader = new MpegTsReader(64 * 1024);
        var pes = new List<MpegTsPes>();
        reader.Push(tables, pes);
        for (var i = 0; i < 20_000; i++)
        {
            var packet = new byte[MpegTsWriter.PacketSize];
            random.NextBytes(packet);
            packet[0] = 0x47;
            var pid = (i % 3) switch { 0 => 0, 1 => MpegTsWriter.ProgramMapPid, _ => MpegTsWriter.ElementaryPid };
            packet[1] = (byte)((packet[1] & 0x40) | (pid >> 8));
            packet[2] = (byte)pid;
            reader.Push(packet, pes);
        }

        reader.Flush(pes);
        Assert.All(pes, p => Assert.InRange(p.Payload.Length, 0, 64 * 1024));
    }

    [Fact]
    public void Push_PesLargerThanTheBound_DroppedAndCounted()
    {
        var (stream, _) = Write(MpegTsStreamType.H264, (Payload(100_000, 1), 0L), (Payload(100, 2), 3600L));
        var reader = new MpegTsReader(10_000);
        var pes = new List<MpegTsPes>();

        reader.Push(stream, pes);
        reader.Flush(pes);

        Assert.Equal(3600L, Assert.Single(pes).Pts);
        Assert.True(reader.Malformed > 0);
    }

    [Fact]
    public void Push_LostPacket_PesDroppedNextOneRead()
    {
        var (stream, _) = Write(MpegTsStreamType.H264, (Payload(1000, 1), 0L), (Payload(100, 2), 3600L));
        var packets = stream.Chunk(MpegTsWriter.PacketSize).ToList();
        packets.RemoveAt(3); // the middle of the first PES (tables are packets 0 and 1)

        var pes = Read([.. packets.SelectMany(p => p)], flush: true);

        Assert.Equal(3600L, Assert.Single(pes).Pts);
    }

    [Fact]
    public void Push_BadCrcOnPmt_StreamIgnored()
    {
        var (stream, _) = Write(MpegTsStreamType.H264, (Payload(100, 1), 0L));
        stream[MpegTsWriter.PacketSize + 10] ^= 0x01; // inside the PMT section

        var reader = new MpegTsReader(MpegTsReader.MaxPesBytes);
        var pes = new List<MpegTsPes>();
        reader.Push(stream, pes);
        reader.Flush(pes);

        Assert.Empty(pes);
        Assert.True(reader.Malformed > 0);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F, 0xE0, 3, 1, 2, 3 }, 1)]
    [InlineData(new byte[] { 0x7F, 0xE0, 1, 9, 0x7F, 0xE0, 2, 1, 2 }, 2)]
    [InlineData(new byte[] { 0x7F, 0xF0, 2, 0, 0, 1, 2 }, 1)] // start trim
    public void TrySplit_OpusAccessUnits_Packets(byte[] payload, int count)
    {
        var packets = new List<ReadOnlyMemory<byte>>();

        Assert.True(OpusTsPayload.TrySplit(payload, packets));
        Assert.Equal(count, packets.Count);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x7F })]
    [InlineData(new byte[] { 0x12, 0x34, 1, 0 })] // no control prefix
    [InlineData(new byte[] { 0x7F, 0xE0, 10, 1 })] // size beyond the data
    [InlineData(new byte[] { 0x7F, 0xE0, 0xFF, 0xFF })] // size never ends
    [InlineData(new byte[] { 0x7F, 0xE0, 0 })] // empty packet
    [InlineData(new byte[] { 0x7F, 0xE4, 1, 200, 0 })] // extension beyond the data
    public void TrySplit_Malformed_False(byte[] payload)
    {
        Assert.False(OpusTsPayload.TrySplit(payload, new List<ReadOnlyMemory<byte>>()));
    }

    [Fact]
    public void TryCreate_AudioSpecificConfigs_AdtsHeaders()
    {
        Assert.True(AdtsHeader.TryCreate(TranscodingFixtures.AacTrack(), out var lc48Mono));
        Assert.Equal(new AdtsHeader(1, 3, 1), lc48Mono);

        // HE-AAC (object type 5) at 24 kHz core: ADTS carries the LC core.
        Assert.True(AdtsHeader.TryCreate(TranscodingFixtures.AacTrack() with { ParameterSets = [new byte[] { 0x2B, 0x10, 0x88, 0x00 }] }, out var he));
        Assert.Equal(1, he.Profile);

        // No config: from the clock rate and channels.
        Assert.True(AdtsHeader.TryCreate(new TrackDescription(0, TrackKind.Audio, MediaCodec.Aac, 16_000, 2, []), out var fallback));
        Assert.Equal(new AdtsHeader(1, 8, 2), fallback);

        // ELD (object type 39 escaped) cannot be expressed in ADTS; neither can an unknown rate.
        Assert.False(AdtsHeader.TryCreate(TranscodingFixtures.AacTrack() with { ParameterSets = [new byte[] { 0xF8, 0xE0 }] }, out _));
        Assert.False(AdtsHeader.TryCreate(new TrackDescription(0, TrackKind.Audio, MediaCodec.Aac, 12_345, 1, []), out _));
    }

    [Fact]
    public void WriteTo_FrameLength_InTheHeader()
    {
        var header = new byte[AdtsHeader.Length];
        new AdtsHeader(1, 3, 2).WriteTo(header, 1000);

        Assert.Equal(0xFFF, (header[0] << 4) | (header[1] >> 4));
        Assert.Equal(1007, ((header[3] & 0x03) << 11) | (header[4] << 3) | (header[5] >> 5));
        Assert.Equal(2, ((header[2] & 0x01) << 2) | (header[3] >> 6));
    }

    private static byte[] Payload(int size, int seed)
    {
        var payload = new byte[size];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static (byte[] Stream, MpegTsWriter Writer) Write(byte streamType, params (byte[] Payload, long Pts)[] frames)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MpegTsWriter(streamType);
        writer.WriteTables(output);
        foreach (var (payload, pts) in frames)
        {
            writer.WritePes(payload, pts, true, output);
        }

        return (output.WrittenSpan.ToArray(), writer);
    }

    private static List<MpegTsPes> Read(byte[] stream, bool flush)
    {
        var reader = new MpegTsReader(MpegTsReader.MaxPesBytes);
        var pes = new List<MpegTsPes>();
        reader.Push(stream, pes);
        if (flush)
        {
            reader.Flush(pes);
        }

        return pes;
    }
}
