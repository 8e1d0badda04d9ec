using System.Buffers.Binary;
using System.Globalization;
using SecureStream.Media.Rtp;
using SecureStream.Media.Tests.Streams;
using SecureStream.Media.Tests.WebRtc.Rtp;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Media.WebRtc.Srtp;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

/// <summary>
/// The sessions' instruments against a live session on loopback (the project's own browser
/// parts): what a scrape shows while it plays, and after it ended.
/// </summary>
public sealed class ViewerSessionMetricsTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly SessionFixture _fixture = new();
    private ViewerTransport _browser = null!;

    public Task InitializeAsync()
    {
        _browser = new ViewerTransport(_fixture.Endpoint.UdpLocalEndPoint, ChromiumOffers.Ufrag);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    /// <summary>The offer with the host candidate the browser's checks come from.</summary>
    internal static string WithHostCandidate(string offer, int port) =>
        offer.Replace(
            "a=ice-options:trickle\r\n",
            string.Create(CultureInfo.InvariantCulture, $"a=ice-options:trickle\r\na=candidate:1 1 udp 2122260223 127.0.0.1 {port} typ host generation 0\r\n"),
            StringComparison.Ordinal);

    /// <summary>ICE, DTLS and media until the browser holds a decodable keyframe; returns its SRTP context and the video SSRC.</summary>
    internal static async Task<(SrtpContext Srtp, uint VideoSsrc)> PlayAsync(ViewerTransport browser, WebRtcSession session, CancellationToken cancellationToken)
    {
        var answer = GatewayAnswer.Read(session.Answer);
        await browser.CheckAsync(answer.Ufrag, answer.Password, cancellationToken);
        var client = await browser.HandshakeAsync(answer.Fingerprint!).WaitAsync(cancellationToken);
        var srtp = client.CreateSrtpContext();
        var receiver = OutboundTestData.Receiver(TimeProvider.System, payloadType: (byte)answer.VideoPayloadType);
        var frames = new List<SecureStream.Media.Frames.MediaFrame>();
        var plain = new byte[2048];
        uint? ssrc = null;
        while (!frames.Exists(f => f.IsKeyframe))
        {
            var packet = await browser.Media.ReadAsync(cancellationToken);
            if ((packet[1] & 0x7F) is >= 64 and <= 95)
            {
                continue; // sender reports
            }

            if (srtp.UnprotectRtp(packet, plain, out var written) == SrtpResult.Ok && (plain[1] & 0x7F) == answer.VideoPayloadType)
            {
                ssrc ??= BinaryPrimitives.ReadUInt32BigEndian(plain.AsSpan(8));
                receiver.Receive(plain.AsSpan(0, written), frames);
            }
        }

        return (srtp, ssrc!.Value);
    }

    [Fact]
    public async Task LiveSession_TrafficPathAndFirstFrameShown_AndTheTotalsKeptAfterItEnds()
    {
        using var guard = new CancellationTokenSource(Guard);
        using var observed = new ObservedMetrics(_fixture.Meters);
        var session = await _fixture.CreateAsync(WithHostCandidate(ChromiumOffers.For(_browser.Certificate), _browser.LocalEndPoint.Port));

        Assert.Equal(1, observed.Collect().Value("securestream.media.viewer_sessions{ice_path=connecting}"));

        using var emitting = CancellationTokenSource.CreateLinkedTokenSource(guard.Token);
        var emit = _fixture.EmitAsync(emitting.Token);
        var (srtp, videoSsrc) = await PlayAsync(_browser, session, guard.Token);
        using (srtp)
        {
            // The viewer reports 7 video packets lost in a receiver report.
            var block = new RtcpReportBlock(videoSsrc, 3, 7, 1000, 0, 0, 0);
            var report = new byte[RtcpReceiverReportWriter.GetSize(1, 4)];
            Assert.True(RtcpReceiverReportWriter.TryWrite(report, 0xAABB, [block], "view"u8, out var length));
            var protectedReport = new byte[length + srtp.RtcpOverhead];
            Assert.Equal(SrtpResult.Ok, srtp.ProtectRtcp(report.AsSpan(0, length), protectedReport, out var protectedLength));
            await _browser.SendAsync(protectedReport[..protectedLength], guard.Token);
            while (observed.Collect().Value("securestream.media.packets_lost{kind=video}") < 7)
            {
                await Task.Delay(10, guard.Token);
            }
        }

        Assert.Equal(7, observed.Value("securestream.media.packets_lost{kind=video}"));
        Assert.Equal(0, observed.Value("securestream.media.packets_lost{kind=audio}"));
        Assert.Equal(1, observed.Value("securestream.media.viewer_sessions{ice_path=udp_host}"));
        Assert.Equal(0, observed.Value("securestream.media.viewer_sessions{ice_path=connecting}"));
        Assert.True(observed.Value("securestream.media.packets_sent{kind=video}") > 0);
        Assert.True(observed.Value("securestream.media.bytes_sent{kind=video}") > observed.Value("securestream.media.packets_sent{kind=video}") * 12);
        var firstFrame = Assert.Single(observed.Histogram(ViewerSessionMetrics.FirstFrameInstrumentName));
        Assert.InRange(firstFrame, 0, Guard.TotalSeconds);

        await emitting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emit);
        await session.DisposeAsync();
        observed.Collect();

        // Ended: no longer live on any path, its final counts kept in the totals.
        Assert.Equal(0, observed.Value("securestream.media.viewer_sessions"));
        Assert.Equal(session.PacketsSent, observed.Value("securestream.media.packets_sent"));
        Assert.Equal(session.WireOctetsSent, observed.Value("securestream.media.bytes_sent"));
        Assert.Equal(7, observed.Value("securestream.media.packets_lost"));
        Assert.Single(observed.Histogram(ViewerSessionMetrics.FirstFrameInstrumentName));
    }

    [Fact]
    public async Task Scrape_ReadTwice_CountsEachSessionOnce()
    {
        using var observed = new ObservedMetrics(_fixture.Meters);
        await using var first = await _fixture.CreateAsync(ChromiumOffers.For(_browser.Certificate));

        Assert.Equal(1, observed.Collect().Value("securestream.media.viewer_sessions"));
        Assert.Equal(1, observed.Collect().Value("securestream.media.viewer_sessions"));
    }

    [Fact]
    public async Task DtlsFailure_CountedWithItsReason()
    {
        using var guard = new CancellationTokenSource(Guard);

        // The offer carries a fingerprint that is not the browser's certificate's.
        await using var session = await _fixture.CreateAsync(ChromiumOffers.Offer);
        var answer = GatewayAnswer.Read(session.Answer);
        await _browser.CheckAsync(answer.Ufrag, answer.Password, guard.Token);
        var handshake = _browser.HandshakeAsync(answer.Fingerprint!);
        await session.Ended.WaitAsync(guard.Token);
        await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(guard.Token));

        Assert.Equal(1, _fixture.Meters.Sum("securestream.media.dtls_failures{reason=fingerprint_mismatch}"));
    }
}
