using SecureStream.Media.Frames;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

public sealed class CameraTrackPacketizersTests
{
    private static readonly PullKey CameraA = new(new CameraPath("app", "a"), string.Empty);
    private static readonly PullKey CameraB = new(new CameraPath("app", "b"), string.Empty);

    [Fact]
    public void GetOrAdd_SameCameraAndTrack_SharedPacketizer()
    {
        var registry = new CameraTrackPacketizers();

        var first = registry.GetOrAdd(CameraA, SdpTestData.H264Video);
        var second = registry.GetOrAdd(CameraA, SdpTestData.H264Video with { Width = 1920 });

        Assert.Same(first, second);
        Assert.NotSame(first, registry.GetOrAdd(CameraB, SdpTestData.H264Video));
        Assert.NotSame(first, registry.GetOrAdd(CameraA, SdpTestData.PcmuAudio));
        Assert.Equal(2, registry.CountOf(CameraA));
    }

    [Fact]
    public void GetOrAdd_SubstreamOrVariantOfTheSameCamera_OwnPacketizer()
    {
        var registry = new CameraTrackPacketizers();
        var main = registry.GetOrAdd(CameraA, SdpTestData.H264Video);

        var sub = registry.GetOrAdd(CameraA with { Rendition = CameraRendition.Sub }, SdpTestData.H264Video);
        var variant = registry.GetOrAdd(CameraA with { Variant = "channel=2" }, SdpTestData.H264Video);

        Assert.NotSame(main, sub);
        Assert.NotSame(main, variant);
        Assert.NotSame(sub, variant);
    }

    [Fact]
    public void GetOrAdd_CodecChanged_NewPacketizer()
    {
        var registry = new CameraTrackPacketizers();
        var h264 = registry.GetOrAdd(CameraA, SdpTestData.H264Video);

        var h265 = registry.GetOrAdd(CameraA, SdpTestData.H264Video with { Codec = MediaCodec.H265 });

        Assert.NotSame(h264, h265);
        Assert.Equal(MediaCodec.H265, h265.Track.Codec);
        Assert.Same(h265, registry.GetOrAdd(CameraA, SdpTestData.H264Video with { Codec = MediaCodec.H265 }));
    }

    [Fact]
    public void Remove_OnlyThatCamera()
    {
        var registry = new CameraTrackPacketizers();
        registry.GetOrAdd(CameraA, SdpTestData.H264Video);
        registry.GetOrAdd(CameraA, SdpTestData.PcmuAudio);
        registry.GetOrAdd(CameraB, SdpTestData.H264Video);

        Assert.Equal(2, registry.Remove(CameraA));

        Assert.Equal(0, registry.CountOf(CameraA));
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Lease_LastReleaseRemovesTheCamerasPacketizers_OthersStay()
    {
        var registry = new CameraTrackPacketizers();
        var first = registry.Lease(CameraA);
        var second = registry.Lease(CameraA);
        using var other = registry.Lease(CameraB);
        var shared = registry.GetOrAdd(CameraA, SdpTestData.H264Video);
        registry.GetOrAdd(CameraB, SdpTestData.H264Video);

        first.Dispose();
        first.Dispose();
        Assert.Same(shared, registry.GetOrAdd(CameraA, SdpTestData.H264Video));

        second.Dispose();
        Assert.Equal(0, registry.CountOf(CameraA));
        Assert.Equal(1, registry.CountOf(CameraB));

        using var later = registry.Lease(CameraA);
        Assert.NotSame(shared, registry.GetOrAdd(CameraA, SdpTestData.H264Video));
    }
}
