using System.Net;
using SecureStream.Media.Frames;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Sdp;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>The gateway's own WHEP answer to the viewer's offer, read back by the viewer.</summary>
public sealed class ViewerAnswerReaderTests
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate(TimeProvider.System);

    [Fact]
    public void TryRead_WhepAnswer_IceFingerprintLoopbackCandidatesAndTracks()
    {
        var (answer, local) = Answer("127.0.0.1");

        Assert.True(ViewerAnswerReader.TryRead(answer, out var read, out var reason), reason);

        Assert.Equal(local.Ice.Ufrag, read.RemoteIce.Ufrag);
        Assert.Equal(local.Ice.Password, read.RemoteIce.Password);
        Assert.Equal(local.Fingerprint.SdpValue, read.Fingerprint.SdpValue);
        Assert.Equal(
            [("udp", new IPEndPoint(IPAddress.Loopback, 10000)), ("tcp", new IPEndPoint(IPAddress.Loopback, 10001))],
            read.Candidates.Select(c => (c.Protocol, c.EndPoint)));
        var video = Assert.Single(read.Tracks, t => t.Kind == TrackKind.Video);
        Assert.Equal("H264", video.EncodingName);
        Assert.Equal(90000, video.ClockRate);
        Assert.Contains("packetization-mode=1", video.FormatParameters, StringComparison.Ordinal);
        Assert.Contains(video.PayloadType, ViewerOfferWriter.H264PayloadTypes.Select(t => t.PayloadType));
        var audio = Assert.Single(read.Tracks, t => t.Kind == TrackKind.Audio);
        Assert.Equal((0, "PCMU", 8000), (audio.PayloadType, audio.EncodingName, audio.ClockRate));
    }

    [Fact]
    public void TryRead_OnlyRemoteCandidates_RefusedWithoutSendingAnywhere()
    {
        var (answer, _) = Answer("203.0.113.5");

        Assert.False(ViewerAnswerReader.TryRead(answer, out _, out var reason));
        Assert.Equal("answer_no_loopback_candidate", reason);
    }

    [Theory]
    [InlineData("a=fingerprint:", "answer_no_sha256_fingerprint")]
    [InlineData("a=ice-pwd:", "answer_no_ice_credentials")]
    public void TryRead_MissingLine_RefusedWithReason(string linePrefix, string expected)
    {
        var (answer, _) = Answer("127.0.0.1");
        var without = string.Join("\r\n", answer.Split("\r\n").Where(l => !l.StartsWith(linePrefix, StringComparison.Ordinal)));

        Assert.False(ViewerAnswerReader.TryRead(without, out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryRead_EverySectionInactive_RefusedAsNoTrack()
    {
        var (answer, _) = Answer("127.0.0.1");

        Assert.False(ViewerAnswerReader.TryRead(answer.Replace("a=sendonly", "a=inactive", StringComparison.Ordinal), out _, out var reason));
        Assert.Equal("answer_no_track", reason);
    }

    [Fact]
    public void TryRead_NotSdp_RefusedAsMalformed()
    {
        Assert.False(ViewerAnswerReader.TryRead("<html>502</html>", out _, out var reason));
        Assert.StartsWith("answer_malformed", reason, StringComparison.Ordinal);
    }

    private static (string Answer, LocalSdpParameters Local) Answer(string address)
    {
        var offer = SdpTestData.ReadOffer(ViewerOfferWriter.Write(IceCredentials.Generate(), Certificate.Fingerprint));
        var match = CodecMatcher.Match([SdpTestData.H264Video, SdpTestData.PcmuAudio], offer);
        var local = SdpTestData.Local(SdpTestData.H264Video, SdpTestData.PcmuAudio) with
        {
            Candidates =
            [
                new IceCandidate("1", IceProtocol.Udp, 2130706431, address, 10000),
                new IceCandidate("2", IceProtocol.Tcp, 1015022079, address, 10001),
            ],
        };
        return (WhepAnswerWriter.Write(offer, match, local), local);
    }
}
