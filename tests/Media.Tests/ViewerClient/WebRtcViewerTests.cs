using SecureStream.Media.Tests.WebRtc.Sessions;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Sessions;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>
/// The whole viewer against a real <see cref="WebRtcSession"/> on loopback: its own offer, ICE as
/// controlling agent, DTLS, SRTP, and the checks on what arrives.
/// </summary>
public sealed class WebRtcViewerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    /// <summary>The viewer's use_srtp offer (IANA ids) and the profile the gateway must pick: GCM when offered, AES-CM from a client offering only that.</summary>
    public static TheoryData<int[], string> SrtpOffers => new()
    {
        { [0x0001, 0x0007], "AeadAes128Gcm" },
        { [0x0001], "AesCm128HmacSha1Tag80" },
    };

    [Theory]
    [MemberData(nameof(SrtpOffers))]
    public async Task RunAsync_CameraEmitting_PlaysFromKeyframeWithoutLossThenClosesSession(int[] srtpOffer, string expectedProfile)
    {
        await using var fixture = new SessionFixture();
        using var guard = new CancellationTokenSource(Guard);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(guard.Token);
        var signalling = new SessionSignalling(fixture);
        var viewer = new WebRtcViewer(signalling, new WebRtcViewerOptions { SrtpProfiles = srtpOffer });
        Task? emitting = null;

        var running = viewer.RunAsync(stop.Token);
        while (!viewer.SawKeyframe || viewer.Packets < 50)
        {
            Assert.False(running.IsCompleted, running.IsCompleted ? (await running).Failure : null);
            Assert.False(guard.IsCancellationRequested, $"{viewer.Phase} {viewer.Packets}");

            // The fake camera exists once the signalling subscribed to it.
            if (emitting is null && signalling.Session is not null)
            {
                emitting = fixture.EmitAsync(guard.Token);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        await stop.CancelAsync();
        var result = await running;

        Assert.Null(result.Failure);
        Assert.True(result.Played);
        Assert.Equal(expectedProfile, viewer.SrtpProfile);
        Assert.InRange(result.FirstPacket!.Value, result.SignallingTime!.Value, result.FirstKeyframe!.Value);
        Assert.True(result.Keyframes >= 1);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.BadNalUnits);
        Assert.Equal(0, result.SrtpFailures);
        Assert.Equal(0, result.SrtpReplayed);
        Assert.True(result.BitsPerSecond > 0);
        Assert.Equal((640, 480), result.PictureSize);
        var ended = await signalling.Session!.Ended.WaitAsync(guard.Token);
        Assert.Contains(ended, new[] { SessionEndReason.HangUp, SessionEndReason.OriginRefused });
        Assert.Equal(0, fixture.Endpoint.SessionCount);
        await guard.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emitting!);
    }

    [Fact]
    public async Task RunAsync_GatewayEndsSession_ReturnsEndedByGatewayBeforeBeingStopped()
    {
        await using var fixture = new SessionFixture();
        using var guard = new CancellationTokenSource(Guard);
        var signalling = new SessionSignalling(fixture);
        var viewer = new WebRtcViewer(signalling);
        Task? emitting = null;

        var running = viewer.RunAsync(guard.Token);
        while (!viewer.SawKeyframe)
        {
            Assert.False(running.IsCompleted, running.IsCompleted ? (await running).Failure : null);
            if (emitting is null && signalling.Session is not null)
            {
                emitting = fixture.EmitAsync(guard.Token);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), guard.Token);
        }

        // The gateway's side ends (as on a deadline or a kick): close_notify reaches the viewer.
        await signalling.Session!.DisposeAsync();
        var result = await running.WaitAsync(guard.Token);

        Assert.Equal(WebRtcViewer.EndedByGateway, result.Failure);
        Assert.NotNull(result.FirstKeyframe);
        await guard.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emitting!);
    }

    [Fact]
    public async Task RunAsync_OfferRefused_FailsWithSignallingReason()
    {
        var viewer = new WebRtcViewer(new RefusingSignalling());

        var result = await viewer.RunAsync(CancellationToken.None);

        Assert.Equal("http_403", result.Failure);
        Assert.False(result.Played);
        Assert.Null(result.FirstPacket);
    }

    private sealed class RefusingSignalling : IViewerSignalling
    {
        public Task<string> ConnectAsync(string offer, CancellationToken cancellationToken) =>
            throw new ViewerSignallingException("http_403");

        public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
