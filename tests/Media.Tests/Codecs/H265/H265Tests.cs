using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H265;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;
using SecureStream.Media.Tests.Rtp;

namespace SecureStream.Media.Tests.Codecs.H265;

public sealed class H265Tests
{
    private const string Fixture = "testsrc-640x360-main.h265";
    private static readonly byte[] Idr = [0x26, 0x01, 0xAF, 0x10, 0x20];
    private static readonly byte[] Trail = [0x02, 0x01, 0xD0, 0x11];

    private readonly RtpTrackCounters _counters = new();
    private readonly List<MediaFrame> _frames = [];
    private readonly RtpTrackReceiver _receiver;
    private ushort _sequence = 1;

    public H265Tests()
    {
        var track = new TrackDescription(1, TrackKind.Video, MediaCodec.H265, 90000, 0, []);
        _receiver = new RtpTrackReceiver(new H265Depacketizer(track, _counters, AccessUnitLimits.Default), _counters, [96], TimeProvider.System);
    }

    [Fact]
    public void SpsParser_Fixture_MatchesFfprobe()
    {
        var sps = AnnexB.SplitNalUnits(AnnexB.Fixture(Fixture)).First(n => ((n[0] >> 1) & 0x3F) == 33);

        var result = H265SpsParser.Parse(sps);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(640, result.Sps!.Width);
        Assert.Equal(360, result.Sps.Height);
        Assert.Equal("profile-id=1;tier-flag=0;level-id=63", result.Sps.FormatParameters);
    }

    [Fact]
    public void SpsParser_EveryTruncation_InvalidNeverThrows()
    {
        var sps = AnnexB.SplitNalUnits(AnnexB.Fixture(Fixture)).First(n => ((n[0] >> 1) & 0x3F) == 33);
        for (var length = 0; length < sps.Length; length++)
        {
            var result = H265SpsParser.Parse(sps.AsSpan(0, length));

            // The header and profile_tier_level alone take 15 bytes; later cuts may still hold the dimensions.
            Assert.True(length >= 15 || !result.IsValid);
            Assert.True(!result.IsValid || result.Sps!.Width == 640);
        }
    }

    [Fact]
    public void SingleNalAndMarker_IrapIsKeyframe()
    {
        Send(3000, Idr, marker: true);
        Send(6000, Trail, marker: true);

        Assert.Equal(2, _frames.Count);
        Assert.True(_frames[0].IsKeyframe);
        Assert.False(_frames[1].IsKeyframe);
        Assert.Equal(Idr, _frames[0].Units[0].ToArray());
    }

    [Fact]
    public void AggregationPacket_UnitsSplit()
    {
        Send(3000, [0x60, 0x01, 0x00, 0x05, .. Idr, 0x00, 0x04, .. Trail], marker: true);

        var frame = Assert.Single(_frames);
        Assert.Equal([Idr, Trail], frame.Units.Select(u => u.ToArray()));
    }

    [Fact]
    public void FragmentationUnit_Joined()
    {
        Send(3000, [0x62, 0x01, 0x93, 0xAF]);
        Send(3000, [0x62, 0x01, 0x13, 0x10]);
        Send(3000, [0x62, 0x01, 0x53, 0x20], marker: true);

        var frame = Assert.Single(_frames);
        Assert.Equal(Idr, frame.Units[0].ToArray());
        Assert.True(frame.IsKeyframe);
    }

    [Fact]
    public void FragmentationUnitWithoutStart_DroppedAndCounted()
    {
        Send(3000, [0x62, 0x01, 0x13, 0x10]);
        Send(3000, [0x62, 0x01, 0x53, 0x20], marker: true);

        Assert.Empty(_frames);
        Assert.Equal(2, _counters.DroppedBy(RtpDropReason.FragmentWithoutStart));
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.IncompleteAccessUnit));
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "one byte", [0x26] },
        { "forbidden bit", [0xA6, 0x01, 0x00] },
        { "TID zero", [0x26, 0x00, 0x00] },
        { "AP size past end", [0x60, 0x01, 0x00, 0x09, 0x26, 0x01] },
        { "AP unit of one byte", [0x60, 0x01, 0x00, 0x01, 0x26] },
        { "AP empty", [0x60, 0x01] },
        { "AP nested", [0x60, 0x01, 0x00, 0x02, 0x60, 0x01] },
        { "FU too short", [0x62, 0x01] },
        { "FU start and end", [0x62, 0x01, 0xD3, 0x00] },
        { "FU of an AP", [0x62, 0x01, 0xB0, 0x00] },
        { "type 60", [0x78, 0x01, 0x00] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedPayload_DroppedAndCounted(string name, byte[] payload)
    {
        Send(3000, payload, marker: true);

        Assert.True(_frames.Count == 0, name);
        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.MalformedPayload));
    }

    [Fact]
    public void Paci_Unsupported()
    {
        Send(3000, [0x64, 0x01, 0x00, 0x00], marker: true);

        Assert.Equal(1, _counters.DroppedBy(RtpDropReason.UnsupportedPacketization));
    }

    [Theory]
    [InlineData(1200)]
    [InlineData(300)]
    public void RoundTrip_FfmpegStream_SameAccessUnits(int mtu)
    {
        var accessUnits = AnnexB.H265AccessUnits(AnnexB.Fixture(Fixture));
        var packetizer = new ReferenceH265Packetizer(mtu);
        for (var i = 0; i < accessUnits.Count; i++)
        {
            foreach (var packet in packetizer.Packetize(accessUnits[i], (uint)(i * 3600)))
            {
                Assert.Null(_receiver.Receive(packet, _frames));
            }
        }

        Assert.Equal(25, accessUnits.Count);
        Assert.Equal(accessUnits.Count, _frames.Count);
        for (var i = 0; i < accessUnits.Count; i++)
        {
            Assert.Equal(accessUnits[i], _frames[i].Units.Select(u => u.ToArray()));
            Assert.Equal(accessUnits[i].Any(n => ((n[0] >> 1) & 0x3F) is >= 16 and <= 21), _frames[i].IsKeyframe);
        }

        Assert.True(_frames[0].IsKeyframe);
        Assert.Equal(640, _receiver.Track.Width);
        Assert.Equal(360, _receiver.Track.Height);
        Assert.Equal(3, _receiver.Track.ParameterSets.Count);
        Assert.Equal(0, _counters.Snapshot().DroppedTotal);
    }

    [Fact]
    public void KeyframeWithoutParameterSets_GetsThemFromSdp()
    {
        var units = AnnexB.SplitNalUnits(AnnexB.Fixture(Fixture));
        var sets = units.Where(n => ((n[0] >> 1) & 0x3F) is 32 or 33 or 34).Take(3).ToArray();
        var sprop = new Dictionary<string, string>
        {
            ["sprop-vps"] = Convert.ToBase64String(sets[0]),
            ["sprop-sps"] = Convert.ToBase64String(sets[1]),
            ["sprop-pps"] = Convert.ToBase64String(sets[2]),
        };
        var receiver = RtpTrackFactory.Create(new RtpTrackSettings(0, 96, "H265", 90000) { FormatParameters = sprop }, TimeProvider.System).Receiver!;

        receiver.Receive(RtpPacketBuilder.Build(1, 0, Idr, marker: true), _frames);

        var frame = Assert.Single(_frames);
        Assert.Equal([.. sets, Idr], frame.Units.Select(u => u.ToArray()));
        Assert.Equal(640, receiver.Track.Width);
    }

    private void Send(uint timestamp, byte[] payload, bool marker = false) =>
        _receiver.Receive(RtpPacketBuilder.Build(_sequence++, timestamp, payload, marker), _frames);
}
