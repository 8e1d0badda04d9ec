using CsCheck;
using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Codecs.H265;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.Tests.Codecs.H264;
using SecureStream.Media.Tests.Rtp;

namespace SecureStream.Media.Tests.Codecs;

/// <summary>A hostile camera can send anything: no sequence of packets may make a parser or depacketizer throw.</summary>
public sealed class DepacketizerPropertyTests
{
    private static readonly Dictionary<string, string> Aac = new()
    {
        ["mode"] = "AAC-hbr",
        ["sizelength"] = "13",
        ["indexlength"] = "3",
        ["indexdeltalength"] = "3",
        ["config"] = "1190",
    };

    private static readonly Dictionary<string, string> Latm = new() { ["cpresent"] = "0", ["config"] = "40002310" };

    // Payloads biased towards the interesting first bytes: aggregation and fragmentation types with random lengths.
    private static readonly Gen<byte[]> Payload =
        Gen.Frequency(
            (2, Gen.Byte.Array[0, 64]),
            (3, Gen.Select(Gen.OneOfConst<byte>(0x78, 0x7C, 0x5C, 0x65, 0x67, 0x68, 0x60, 0x62, 0x64, 0x26, 0x40, 0x42, 0x44), Gen.Byte.Array[0, 40], (h, rest) => (byte[])[h, .. rest])),
            (3, Gen.Select(Gen.OneOfConst<byte>(0x7C, 0x62), Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 40], (h, b1, b2, rest) => (byte[])[h, b1, b2, .. rest])));

    private static readonly Gen<(ushort Sequence, uint Timestamp, bool Marker, byte[] Payload)> Packet =
        Gen.Select(Gen.UShort[0, 12], Gen.UInt[0, 3], Gen.Bool, Payload, (s, t, m, p) => (s, t * 3000, m, p));

    [Theory]
    [InlineData("H264")]
    [InlineData("H265")]
    [InlineData("MPEG4-GENERIC")]
    [InlineData("MP4A-LATM")]
    [InlineData("PCMU")]
    public void Receive_ArbitraryPacketSequences_NeverThrows(string codec)
    {
        Packet.List[1, 60].Sample(packets =>
        {
            var receiver = NewReceiver(codec);
            var frames = new List<MediaFrame>();
            ushort sequence = 0;
            foreach (var (step, timestamp, marker, payload) in packets)
            {
                sequence += step;
                receiver.Receive(RtpPacketBuilder.Build(sequence, timestamp, payload, marker, payloadType: 96), frames);
            }

            Assert.All(frames, f => Assert.All(f.Units, u => Assert.False(u.IsEmpty)));
        }, iter: 2000);
    }

    [Fact]
    public void Receive_ArbitraryBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 120].List[1, 20].Sample(datagrams =>
        {
            var receiver = NewReceiver("H264");
            var frames = new List<MediaFrame>();
            foreach (var datagram in datagrams)
            {
                receiver.Receive(datagram, frames);
                receiver.ReceiveRtcp(datagram);
            }
        }, iter: 2000);
    }

    [Fact]
    public void Receive_DamagedRealStream_NeverThrowsAndKeepsUnitsWhole()
    {
        var accessUnits = AnnexB.H264AccessUnits(AnnexB.Fixture("testsrc-640x480-baseline.h264"));
        var packetizer = new ReferenceH264Packetizer(mtu: 600);
        var packets = accessUnits.SelectMany((au, i) => packetizer.Packetize(au, (uint)(i * 3600))).ToArray();
        var expected = accessUnits.SelectMany(au => au).Select(Convert.ToBase64String).ToHashSet();

        // Drop, duplicate, swap or corrupt packets at random.
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, packets.Length - 1], Gen.Int[0, 40]).List[1, 30].Sample(damage =>
        {
            var stream = packets.Select(p => (byte[])p.Clone()).ToList();
            var corrupted = false;
            foreach (var (kind, index, offset) in damage)
            {
                var at = Math.Min(index, stream.Count - 1);
                switch (kind)
                {
                    case 0 when stream.Count > 1: stream.RemoveAt(at); break;
                    case 1: stream.Insert(at, stream[at]); break;
                    case 2 when at + 1 < stream.Count: (stream[at], stream[at + 1]) = (stream[at + 1], stream[at]); break;
                    default:
                        stream[at][Math.Min(12 + offset, stream[at].Length - 1)] ^= 0x5A;
                        corrupted = true;
                        break;
                }
            }

            var counters = new RtpTrackCounters();
            var receiver = H264DepacketizerTests.NewReceiver(counters);
            var frames = new List<MediaFrame>();
            foreach (var packet in stream)
            {
                receiver.Receive(packet, frames);
            }

            // Without corruption, every delivered unit is one the encoder produced (no spliced fragments).
            if (!corrupted)
            {
                Assert.All(frames.SelectMany(f => f.Units), u => Assert.Contains(Convert.ToBase64String(u.ToArray()), expected));
            }
        }, iter: 300);
    }

    [Fact]
    public void Parsers_ArbitraryBytes_NeverThrow()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            RtpPacket.TryRead(bytes, out _);
            var reader = new RtcpCompoundReader(bytes);
            while (reader.TryReadNext(out var packet))
            {
                for (var i = 0; i < packet.Count && packet.Type is RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport; i++)
                {
                    packet.ReportBlock(i);
                }

                for (var i = 0; i < packet.Count && packet.Type == RtcpPacketType.Goodbye; i++)
                {
                    packet.GoodbyeSource(i);
                }

                _ = packet.SenderNtpTimestamp + packet.SenderRtpTimestamp + packet.SenderOctetCount + packet.SenderPacketCount;
            }

            H264SpsParser.Parse([0x67, .. bytes]);
            H264SpsParser.Parse([0x67, 0x64, 0x00, 0x28, .. bytes]);
            H265SpsParser.Parse([0x42, 0x01, .. bytes]);
        }, iter: 20000);
    }

    private static RtpTrackReceiver NewReceiver(string codec) =>
        RtpTrackFactory.Create(
            new RtpTrackSettings(0, 96, codec, 90000) { FormatParameters = codec switch { "MPEG4-GENERIC" => Aac, "MP4A-LATM" => Latm, _ => new Dictionary<string, string>() } },
            TimeProvider.System,
            new AccessUnitLimits { MaxAccessUnitSize = 4096, MaxUnitsPerAccessUnit = 16 }).Receiver!;
}
