using SecureStream.Media.Frames;
using SecureStream.Media.Snapshots;

namespace SecureStream.Media.Tests.Snapshots;

public sealed class KeyframeAnnexBTests
{
    private static readonly byte[] Idr = [0x65, 0x88, 0x84];

    [Fact]
    public void Build_KeyframeWithoutParameterSets_TrackSetsFirstEachWithAStartCode()
    {
        var bytes = KeyframeAnnexB.Build(SnapshotTestData.Keyframe(0, Idr), SnapshotTestData.H264Track, 1024);

        Assert.Equal(
            [0, 0, 0, 1, .. SnapshotTestData.Sps, 0, 0, 0, 1, .. SnapshotTestData.Pps, 0, 0, 0, 1, .. Idr],
            bytes);
    }

    [Fact]
    public void Build_KeyframeWithInBandSps_KeepsItsOwnAndAddsNone()
    {
        byte[] ownSps = [0x67, 0x64, 0x00, 0x28];
        byte[] ownPps = [0x68, 0xEE, 0x3C, 0xB0];

        var bytes = KeyframeAnnexB.Build(SnapshotTestData.Keyframe(0, ownSps, ownPps, Idr), SnapshotTestData.H264Track, 1024);

        Assert.Equal([0, 0, 0, 1, .. ownSps, 0, 0, 0, 1, .. ownPps, 0, 0, 0, 1, .. Idr], bytes);
    }

    [Fact]
    public void Build_H265InBandSps_Recognised()
    {
        byte[] vps = [0x40, 0x01, 0x0C];
        byte[] sps = [0x42, 0x01, 0x01];
        byte[] idr = [0x26, 0x01, 0xAF];
        var track = new TrackDescription(0, TrackKind.Video, MediaCodec.H265, 90000, 0, [new byte[] { 0x40, 0x01, 0xFF }]);
        var frame = new MediaFrame(0, MediaCodec.H265, 0, true, [vps, sps, idr], DateTimeOffset.UnixEpoch);

        Assert.Equal([0, 0, 0, 1, .. vps, 0, 0, 0, 1, .. sps, 0, 0, 0, 1, .. idr], KeyframeAnnexB.Build(frame, track, 1024));
    }

    [Fact]
    public void Build_OverTheLimit_Null()
    {
        Assert.Null(KeyframeAnnexB.Build(SnapshotTestData.Keyframe(0, new byte[2000]), SnapshotTestData.H264Track, 1024));
    }

    [Fact]
    public void Build_NotAVideoKeyframe_Null()
    {
        var delta = new MediaFrame(0, MediaCodec.H264, 0, false, [Idr], DateTimeOffset.UnixEpoch);
        var audio = new MediaFrame(1, MediaCodec.Pcmu, 0, true, [new byte[160]], DateTimeOffset.UnixEpoch);

        Assert.Null(KeyframeAnnexB.Build(delta, SnapshotTestData.H264Track, 1024));
        Assert.Null(KeyframeAnnexB.Build(audio, SnapshotTestData.H264Track, 1024));
    }
}
