using System.Globalization;
using System.Text;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.ViewerClient;

/// <summary>
/// Writes a receive-only viewer's offer the way a WHEP player's browser would (RFC 9725 §4.2,
/// RFC 8829 §5.2): audio then video, both recvonly, one BUNDLE group (RFC 8843), rtcp-mux, the
/// viewer's ICE credentials and the sha-256 fingerprint of its own DTLS certificate, and
/// <c>a=setup:active</c> (RFC 8842 §5.1: the viewer will be the DTLS client). No candidates: the
/// gateway is ICE-lite and the viewer, as the controlling agent, sends every check itself.
/// </summary>
internal static class ViewerOfferWriter
{
    public const string AudioMid = "0";
    public const string VideoMid = "1";

    /// <summary>
    /// H.264 packetization-mode=1 in the profiles a camera may use (payload type → profile-level-id):
    /// Constrained Baseline, Baseline, Main, High — the gateway answers with the camera's profile class.
    /// </summary>
    public static readonly IReadOnlyList<(int PayloadType, string ProfileLevelId)> H264PayloadTypes =
    [
        (102, "42e01f"),
        (104, "42001f"),
        (106, "4d001f"),
        (108, "64001f"),
    ];

    public const int OpusPayloadType = 111;
    public const int PcmuPayloadType = 0;

    public static string Write(IceCredentials ice, DtlsFingerprint fingerprint, bool audio = true)
    {
        var sdp = new StringBuilder(2048);
        Line(sdp, "v=0");
        Line(sdp, string.Create(CultureInfo.InvariantCulture, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1"));
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        Line(sdp, audio ? $"a=group:BUNDLE {AudioMid} {VideoMid}" : $"a=group:BUNDLE {VideoMid}");
        Line(sdp, "a=msid-semantic: WMS");
        if (audio)
        {
            Line(sdp, $"m=audio 9 UDP/TLS/RTP/SAVPF {OpusPayloadType} {PcmuPayloadType}");
            Transport(sdp, ice, fingerprint, AudioMid);
            Line(sdp, $"a=rtpmap:{OpusPayloadType} opus/48000/2");
            Line(sdp, $"a=fmtp:{OpusPayloadType} minptime=10;useinbandfec=1");
            Line(sdp, $"a=rtpmap:{PcmuPayloadType} PCMU/8000");
        }

        var videoTypes = string.Join(' ', H264PayloadTypes.Select(t => t.PayloadType.ToString(CultureInfo.InvariantCulture)));
        Line(sdp, "m=video 9 UDP/TLS/RTP/SAVPF " + videoTypes);
        Transport(sdp, ice, fingerprint, VideoMid);
        Line(sdp, "a=rtcp-rsize");
        foreach (var (payloadType, profile) in H264PayloadTypes)
        {
            var pt = payloadType.ToString(CultureInfo.InvariantCulture);
            Line(sdp, $"a=rtpmap:{pt} H264/90000");
            Line(sdp, $"a=rtcp-fb:{pt} nack");
            Line(sdp, $"a=rtcp-fb:{pt} nack pli");
            Line(sdp, $"a=rtcp-fb:{pt} ccm fir");
            Line(sdp, $"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profile}");
        }

        return sdp.ToString();
    }

    /// <summary>The transport lines of one receive-only media section, the same in an offer and an answer.</summary>
    internal static void Transport(StringBuilder sdp, IceCredentials ice, DtlsFingerprint fingerprint, string mid)
    {
        Line(sdp, "c=IN IP4 0.0.0.0");
        Line(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
        Line(sdp, "a=ice-ufrag:" + ice.Ufrag);
        Line(sdp, "a=ice-pwd:" + ice.Password);
        Line(sdp, "a=fingerprint:" + fingerprint.SdpValue);
        Line(sdp, "a=setup:active");
        Line(sdp, "a=mid:" + mid);
        Line(sdp, "a=recvonly");
        Line(sdp, "a=rtcp-mux");
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
