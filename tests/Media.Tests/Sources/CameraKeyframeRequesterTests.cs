using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Sources;

namespace SecureStream.Media.Tests.Sources;

public sealed class CameraKeyframeRequesterTests
{
    private const uint CameraSsrc = 0x11223344;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly RtspClientOptions _options = new();
    private readonly List<(uint Ssrc, byte Sequence)> _sent = [];
    private readonly List<int> _unanswered = [];

    private CameraKeyframeRequester Create(bool sendSucceeds = true) =>
        new(_options, _time, (ssrc, sequence) =>
        {
            _sent.Add((ssrc, sequence));
            return sendSucceeds;
        }, _unanswered.Add);

    [Fact]
    public void OnVideoPacket_First_AsksAtOnceForTheCamerasSsrc_AndOnlyOnce()
    {
        using var requester = Create();

        requester.OnVideoPacket(CameraSsrc);
        requester.OnVideoPacket(CameraSsrc);
        requester.OnVideoPacket(CameraSsrc);

        Assert.Equal([(CameraSsrc, (byte)1)], _sent);
        Assert.Equal(1, requester.Sent);
    }

    [Fact]
    public void OnKeyframe_BeforeTheRetry_StopsTheRepeats()
    {
        using var requester = Create();
        requester.OnVideoPacket(CameraSsrc);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        requester.OnKeyframe();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Single(_sent);
        Assert.Empty(_unanswered);
    }

    [Fact]
    public void NoKeyframe_RepeatsEveryRetryIntervalWithTheSameSequence_UpToTheAttempts_ThenReportsOnce()
    {
        _options.KeyframeRequestAttempts = 3;
        _options.KeyframeRequestRetryInterval = TimeSpan.FromMilliseconds(500);
        using var requester = Create();
        requester.OnVideoPacket(CameraSsrc);

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Single(_sent);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _sent.Count);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(3, _sent.Count);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(3, _sent.Count);
        Assert.All(_sent, s => Assert.Equal((CameraSsrc, (byte)1), s));
        Assert.Equal([3], _unanswered);
    }

    [Fact]
    public void RequestForViewer_WhileTheStartRequestIsUnanswered_DoesNotAsk()
    {
        using var requester = Create();
        requester.OnVideoPacket(CameraSsrc);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.False(requester.RequestForViewer());
        Assert.Single(_sent);
    }

    [Fact]
    public void RequestForViewer_BeforeAnyVideo_DoesNotAsk()
    {
        using var requester = Create();

        Assert.False(requester.RequestForViewer());
        Assert.Empty(_sent);
    }

    [Fact]
    public void RequestForViewer_AtMostOncePerMinInterval_EachWithANewSequence()
    {
        _options.KeyframeRequestMinInterval = TimeSpan.FromSeconds(5);
        using var requester = Create();
        requester.OnVideoPacket(CameraSsrc);
        requester.OnKeyframe();

        // Within the interval of the start-up request: viewers joining at will change nothing.
        _time.Advance(TimeSpan.FromSeconds(4));
        for (var i = 0; i < 50; i++)
        {
            Assert.False(requester.RequestForViewer());
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(requester.RequestForViewer());
        Assert.False(requester.RequestForViewer());
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(requester.RequestForViewer());
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(requester.RequestForViewer());

        Assert.Equal([(CameraSsrc, (byte)1), (CameraSsrc, (byte)2), (CameraSsrc, (byte)3)], _sent);
    }

    [Fact]
    public void RequestForViewer_DoesNotRestartTheRepeats()
    {
        using var requester = Create();
        requester.OnVideoPacket(CameraSsrc);
        requester.OnKeyframe();
        _time.Advance(_options.KeyframeRequestMinInterval);

        Assert.True(requester.RequestForViewer());
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public void NewCameraSsrc_LaterRequestsNameIt()
    {
        using var requester = Create();
        requester.OnVideoPacket(CameraSsrc);
        requester.OnVideoPacket(0x55667788);
        _time.Advance(_options.KeyframeRequestRetryInterval);

        Assert.Equal([(CameraSsrc, (byte)1), (0x55667788u, (byte)1)], _sent);
    }

    [Fact]
    public void Dispose_StopsTheRepeats()
    {
        var requester = Create();
        requester.OnVideoPacket(CameraSsrc);

        requester.Dispose();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Single(_sent);
        Assert.False(requester.RequestForViewer());
    }

    [Fact]
    public void SendFails_IsNotCountedAsSent()
    {
        using var requester = Create(sendSucceeds: false);

        requester.OnVideoPacket(CameraSsrc);

        Assert.Single(_sent);
        Assert.Equal(0, requester.Sent);
    }
}
