using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.Tests.Rtp;

namespace SecureStream.Media.Tests.Codecs.H264;

public sealed class H264DepacketizerTests
{
    private static readonly byte[] Sps = Convert.FromBase64String("Z0LAHtkAUAW7ARAAAAMAEAAAAwPA8WLkgA==");
    private static readonly byte[] Pps = [0x68, 0xCE, 0x06, 0xE2];
    private static readonly byte[] Idr = [0x65, 0x88, 0x84, 0x00, 0x33];
    private static readonly byte[] Slice = [0x41, 0x9A, 0x02, 0x03];

    private readonly RtpTrackCounters _counters = new();
    private readonly List<MediaFrame> _frames = [];
    private readonly RtpTrackReceiver _receiver;
    private ushort _sequence = 100;

    public H264DepacketizerTests()
    {
        _receiver = NewReceiver(_counters);
    }

    [Fact]
    public void SingleNalUnits_MarkerEndsAccessUnit()
    {
        Send(3000, Sps);
        Send(3000, Pps);
        Send(3000, Idr, marker: true);
        Send(6000, Slice, marker: true);

        Assert.Equal(2, _frames.Count);
        Assert.True(_frames[0].IsKeyframe);
        Assert.Equal([Sps, Pps, Idr], _frames[0].Units.Select(u => u.ToArray()));
        Assert.False(_frames[1].IsKeyframe);
        Assert.Equal(6000 - 3000, _frames[1].Timestamp - _frames[0].Timestamp);
        Assert.Equal(1280, _receiver.Track.Width);
        Assert.Equal(720, _receiver.Track.Height);
        Assert.Equal("42c01e", _receiver.Track.Profile);
        Assert.Equal(2, _receiver.Track.ParameterSets.Count);
    }

    [Fact]
    public void TimestampChange_WithoutMarker_EndsAccessUnit()
    {
        Send(3000, Slice);
        Send(6000, Slice);

        Assert.Single(_frames);
        Assert.Equal(3000, _frames[0].Timestamp);
    }

    [Fact]
    public void StapA_UnitsSplit()
    {
        Send(3000, Stap(Sps, Pps, Idr), marker: true);

        var frame = Assert.Single(_frames);
        Assert.True(frame.IsKeyframe);
        Assert.Equal([Sps, Pps, Idr], frame.Units.Select(u => u.ToArray()));
    }

    [Fact]
    public void FuA_FragmentsJoined()
    {
        var nal = new byte[3000];
        nal[0] = 0x65;
        new Random(1).NextBytes(nal.AsSpan(1));
        SendAll(new ReferenceH264Packetizer(mtu: 1000).Packetize([nal], 3000));

        var frame = Assert.Single(_frames);
        Assert.Equal(nal, frame.Units[0].ToArray());
    }

    [Fact]
    public void KeyframeWithoutParameterSets_GetsThemFromSdp()
    {
        var counters = new RtpTrackCounters();
        var receiver = NewReceiver(counters, [Sps, Pps]);
        receiver.Receive(RtpPacketBuilder.Build(1, 3000, [0x09, 0xF0]), _frames);
        receiver.Receive(RtpPacketBuilder.Build(2, 3000, Idr, marker: true), _frames);

        var frame = Assert.Single(_frames);
        Assert.Equal([[0x09, 0xF0], Sps, Pps, Idr], frame.Units.Select(u => u.ToArray()));
        Assert.Equal(1280, receiver.Track.Width);
    }

    [Fact]
    public void FuAWithoutStart_DroppedAndCounted()
    {
        Send(3000, [0x7C, 0x05, 1, 2, 3]);
        Send(3000, [0x7C, 0x45, 4, 5], marker: true);
        Send(6000, Slice, marker: true);

        var frame = Assert.Single(_frames);
        Assert.Equal(6000, frame.Timestamp);
        Assert.Equal(2, _counters.DroppedBy(RtpDropReason.FragmentWithoutStart));
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.IncompleteAccessUnit));
    }

    [Fact]
    public void FuA_MissingMiddleFragment_AccessUnitDropped()
    {
        var nal = new byte[3000];
        nal[0] = 0x65;
        var packets = new ReferenceH264Packetizer(mtu: 1000).Packetize([nal], 3000);
        packets.RemoveAt(1);
        foreach (var packet in packets)
        {
            _receiver.Receive(packet, _frames);
        }

        _receiver.Receive(RtpPacketBuilder.Build((ushort)(1000 + packets.Count + 1), 6000, Slice, marker: true), _frames);

        Assert.DoesNotContain(_frames, f => f.Timestamp == 3000);
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.IncompleteAccessUnit));
    }

    [Fact]
    public void FuA_InterleavedWithAnotherUnit_AccessUnitDropped()
    {
        Send(3000, [0x7C, 0x85, 1, 2]);
        Send(3000, Slice);
        Send(3000, [0x7C, 0x45, 3, 4], marker: true);

        Assert.Empty(_frames);
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.IncompleteAccessUnit));
    }

    [Fact]
    public void FuA_StartAndEndInOnePacket_Malformed()
    {
        Send(3000, [0x7C, 0xC5, 1, 2], marker: true);

        Assert.Empty(_frames);
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.MalformedPayload));
    }

    public static TheoryData<string, byte[]> MalformedStaps => new()
    {
        { "size past end", [0x18, 0x00, 0x09, 0x65, 0x01] },
        { "size zero", [0x18, 0x00, 0x00] },
        { "odd trailing byte", [0x18, 0x00, 0x01, 0x65, 0x00] },
        { "no units", [0x18] },
        { "nested STAP-A", [0x18, 0x00, 0x01, 0x18] },
        { "forbidden bit inside", [0x18, 0x00, 0x01, 0xE5] },
    };

    [Theory]
    [MemberData(nameof(MalformedStaps))]
    public void StapA_LengthsDoNotAddUp_Dropped(string name, byte[] payload)
    {
        Send(3000, payload, marker: true);

        Assert.True(_frames.Count == 0, name);
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.MalformedPayload));
    }

    [Theory]
    [InlineData(25)]
    [InlineData(26)]
    [InlineData(27)]
    [InlineData(29)]
    public void InterleavedModeTypes_Unsupported(int type)
    {
        Send(3000, [(byte)(0x60 | type), 0x80, 0x00, 0x01, 0x02], marker: true);

        Assert.Empty(_frames);
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.UnsupportedPacketization));
    }

    [Fact]
    public void OversizedAccessUnit_DroppedAndNextOneKept()
    {
        var counters = new RtpTrackCounters();
        var receiver = NewReceiver(counters, limits: new AccessUnitLimits { MaxAccessUnitSize = 10_000 });
        var nal = new byte[20_000];
        nal[0] = 0x65;
        ushort seq = 1;
        foreach (var packet in new ReferenceH264Packetizer(mtu: 1200).Packetize([nal], 3000))
        {
            receiver.Receive(Reseq(packet, seq++), _frames);
        }

        receiver.Receive(RtpPacketBuilder.Build(seq, 6000, Slice, marker: true), _frames);

        var frame = Assert.Single(_frames);
        Assert.Equal(6000, frame.Timestamp);
        Assert.Equal(1, counters.DroppedBy(RtpDropReason.OversizedAccessUnit));
    }

    [Fact]
    public void TooManyUnits_Oversized()
    {
        var counters = new RtpTrackCounters();
        var receiver = NewReceiver(counters, limits: new AccessUnitLimits { MaxUnitsPerAccessUnit = 3 });
        for (ushort i = 0; i < 5; i++)
        {
            receiver.Receive(RtpPacketBuilder.Build(i, 3000, Slice, marker: i == 4), _frames);
        }

        Assert.Empty(_frames);
        Assert.Equal(1, counters.DroppedBy(RtpDropReason.OversizedAccessUnit));
    }

    [Fact]
    public void PacketLoss_BetweenAccessUnits_DropsBothNeighbours()
    {
        Send(3000, Slice);
        _sequence++;
        Send(3000, Slice, marker: true);
        Send(6000, Slice, marker: true);

        var frame = Assert.Single(_frames);
        Assert.Equal(6000, frame.Timestamp);
    }

    [Fact]
    public void DuplicateAndLatePackets_DroppedBeforeDepacketizer()
    {
        var first = RtpPacketBuilder.Build(10, 3000, Slice);
        var second = RtpPacketBuilder.Build(11, 3000, Slice, marker: true);
        _receiver.Receive(first, _frames);
        _receiver.Receive(second, _frames);
        Assert.Equal(RtpDropReason.Duplicate, _receiver.Receive(second, _frames));
        Assert.Equal(RtpDropReason.Late, _receiver.Receive(first, _frames));

        var frame = Assert.Single(_frames);
        Assert.Equal(2, frame.Units.Count);
    }

    [Fact]
    public void MalformedSps_InBand_CountedAndPassedThrough()
    {
        Send(3000, [0x67, 0x42], marker: true);

        Assert.Single(_frames);
        Assert.Null(_receiver.Track.Width);
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.MalformedParameterSet));
    }

    [Theory]
    [InlineData("testsrc-640x480-baseline.h264", 640, 480, true, 1200)]
    [InlineData("testsrc-640x480-baseline.h264", 640, 480, false, 500)]
    [InlineData("testsrc-1920x1080-high-slices.h264", 1920, 1080, true, 1400)]
    public void RoundTrip_FfmpegStream_SameAccessUnits(string fixture, int width, int height, bool aggregate, int mtu)
    {
        var accessUnits = AnnexB.H264AccessUnits(AnnexB.Fixture(fixture));
        var packetizer = new ReferenceH264Packetizer(mtu, aggregate);
        for (var i = 0; i < accessUnits.Count; i++)
        {
            foreach (var packet in packetizer.Packetize(accessUnits[i], (uint)(uint.MaxValue - 10000 + (i * 3600))))
            {
                Assert.Null(_receiver.Receive(packet, _frames));
            }
        }

        Assert.Equal(accessUnits.Count, _frames.Count);
        for (var i = 0; i < accessUnits.Count; i++)
        {
            Assert.Equal(accessUnits[i], _frames[i].Units.Select(u => u.ToArray()));
            Assert.Equal(accessUnits[i].Any(n => (n[0] & 0x1F) == 5), _frames[i].IsKeyframe);
            Assert.Equal((long)uint.MaxValue - 10000 + (i * 3600), _frames[i].Timestamp);
        }

        Assert.True(_frames.Count(f => f.IsKeyframe) >= 2);
        Assert.Equal(width, _receiver.Track.Width);
        Assert.Equal(height, _receiver.Track.Height);
        Assert.Equal(0, _counters.Snapshot().DroppedTotal);
    }

    [Fact]
    public void HotPath_AllocatesOnlyTheFrames()
    {
        var accessUnits = AnnexB.H264AccessUnits(AnnexB.Fixture("testsrc-640x480-baseline.h264"));
        var packetizer = new ReferenceH264Packetizer(mtu: 1200);
        var packets = accessUnits.SelectMany((au, i) => packetizer.Packetize(au, (uint)(i * 3600))).ToArray();
        var frames = new List<MediaFrame>(100);
        foreach (var packet in packets)
        {
            _receiver.Receive(packet, frames);
        }

        // Second pass, same source continuing: buffers are warm, parameter sets unchanged.
        var next = accessUnits.SelectMany((au, i) => packetizer.Packetize(au, (uint)((i + 100) * 3600))).ToArray();
        frames.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var packet in next)
        {
            _receiver.Receive(packet, frames);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var payload = frames.Sum(f => (long)f.Size);
        Assert.Equal(accessUnits.Count, frames.Count);
        Assert.True(allocated < payload + (frames.Count * 400), $"{allocated} bytes allocated for {payload} bytes of frames in {next.Length} packets");
    }

    internal static RtpTrackReceiver NewReceiver(RtpTrackCounters counters, byte[][]? sdp = null, AccessUnitLimits? limits = null)
    {
        var track = new TrackDescription(0, TrackKind.Video, MediaCodec.H264, 90000, 0, []);
        var depacketizer = new H264Depacketizer(track, counters, limits ?? AccessUnitLimits.Default, sdp);
        return new RtpTrackReceiver(depacketizer, counters, [96], TimeProvider.System);
    }

    private static byte[] Stap(params byte[][] units)
    {
        var stap = new List<byte> { 0x78 };
        foreach (var unit in units)
        {
            stap.Add((byte)(unit.Length >> 8));
            stap.Add((byte)unit.Length);
            stap.AddRange(unit);
        }

        return [.. stap];
    }

    private static byte[] Reseq(byte[] packet, ushort sequence)
    {
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        return packet;
    }

    private void Send(uint timestamp, byte[] payload, bool marker = false) =>
        _receiver.Receive(RtpPacketBuilder.Build(_sequence++, timestamp, payload, marker), _frames);

    private void SendAll(IEnumerable<byte[]> packets)
    {
        foreach (var packet in packets)
        {
            _receiver.Receive(Reseq(packet, _sequence++), _frames);
        }
    }
}
