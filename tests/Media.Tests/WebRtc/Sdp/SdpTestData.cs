using System.Text;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Frames;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

internal static class SdpTestData
{
    public static readonly TrackDescription H264Video = new(0, TrackKind.Video, MediaCodec.H264, 90000, 1, []) { Profile = "42e01f" };

    public static readonly TrackDescription PcmuAudio = new(1, TrackKind.Audio, MediaCodec.Pcmu, 8000, 1, []);

    public static LocalSdpParameters Local(params TrackDescription[] tracks)
    {
        var certificate = DtlsCertificate.Generate(new FakeTimeProvider(DateTimeOffset.UtcNow));
        return new LocalSdpParameters(
            new IceCredentials("AbCd1234", "abcdefghijklmnopqrstuvwx"),
            certificate.Fingerprint,
            [new IceCandidate("1", IceProtocol.Udp, 2130706431, "203.0.113.5", 10000), new IceCandidate("2", IceProtocol.Tcp, 1015022079, "203.0.113.5", 10000)],
            4242,
            "ssCname01",
            "camera",
            tracks.ToDictionary(t => t.TrackId, t => 0x1000u + (uint)t.TrackId));
    }

    public static BrowserSessionDescription ReadOffer(string sdp)
    {
        var result = BrowserOfferReader.Read(sdp, BrowserSdpRole.Offer);
        Assert.True(result.IsValid, result.Reason);
        return result.Description;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
