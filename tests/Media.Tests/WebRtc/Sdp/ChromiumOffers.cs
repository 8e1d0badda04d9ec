using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

/// <summary>
/// Browser descriptions written as Chromium (M120+) writes them for a WHEP player
/// (<c>addTransceiver('audio'|'video', {direction: 'recvonly'})</c>): BUNDLE 0 1, Opus/RED/G.722/PCMU/PCMA
/// audio, VP8/VP9/H.264 (several profiles, both packetization modes)/AV1 video with RTX, extmap,
/// rtcp-fb, and no ssrc lines (recvonly sends nothing).
/// </summary>
internal static class ChromiumOffers
{
    /// <summary>The ufrag of <see cref="Offer"/>: a viewer playing this offer signs its checks with it.</summary>
    public const string Ufrag = "EsAw";

    public const string Fingerprint = "sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08";

    /// <summary><see cref="Offer"/> carrying <paramref name="certificate"/>'s fingerprint, as that browser would write it.</summary>
    public static string For(DtlsCertificate certificate) =>
        Offer.Replace(Fingerprint, certificate.Fingerprint.SdpValue, StringComparison.Ordinal);

    public const string Offer =
        "v=0\r\n" +
        "o=- 4215775240449105457 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0 1\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:EsAw\r\n" +
        "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:" + Fingerprint + "\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=rtcp-fb:111 transport-cc\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:63 red/48000/2\r\n" +
        "a=fmtp:63 111/111\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:13 CN/8000\r\n" +
        "a=rtpmap:110 telephone-event/48000\r\n" +
        "a=rtpmap:126 telephone-event/8000\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 98 99 100 101 112 113 116 117 118\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:EsAw\r\n" +
        "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:" + Fingerprint + "\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:1\r\n" +
        "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:13 urn:3gpp:video-orientation\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n" +
        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=rtcp-fb:96 goog-remb\r\n" +
        "a=rtcp-fb:96 transport-cc\r\n" +
        "a=rtcp-fb:96 ccm fir\r\n" +
        "a=rtcp-fb:96 nack\r\n" +
        "a=rtcp-fb:96 nack pli\r\n" +
        "a=rtpmap:97 rtx/90000\r\n" +
        "a=fmtp:97 apt=96\r\n" +
        "a=rtpmap:102 H264/90000\r\n" +
        "a=rtcp-fb:102 goog-remb\r\n" +
        "a=rtcp-fb:102 transport-cc\r\n" +
        "a=rtcp-fb:102 ccm fir\r\n" +
        "a=rtcp-fb:102 nack\r\n" +
        "a=rtcp-fb:102 nack pli\r\n" +
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n" +
        "a=rtpmap:103 rtx/90000\r\n" +
        "a=fmtp:103 apt=102\r\n" +
        "a=rtpmap:104 H264/90000\r\n" +
        "a=rtcp-fb:104 goog-remb\r\n" +
        "a=rtcp-fb:104 transport-cc\r\n" +
        "a=rtcp-fb:104 ccm fir\r\n" +
        "a=rtcp-fb:104 nack\r\n" +
        "a=rtcp-fb:104 nack pli\r\n" +
        "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n" +
        "a=rtpmap:105 rtx/90000\r\n" +
        "a=fmtp:105 apt=104\r\n" +
        "a=rtpmap:106 H264/90000\r\n" +
        "a=rtcp-fb:106 goog-remb\r\n" +
        "a=rtcp-fb:106 transport-cc\r\n" +
        "a=rtcp-fb:106 ccm fir\r\n" +
        "a=rtcp-fb:106 nack\r\n" +
        "a=rtcp-fb:106 nack pli\r\n" +
        "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtpmap:107 rtx/90000\r\n" +
        "a=fmtp:107 apt=106\r\n" +
        "a=rtpmap:108 H264/90000\r\n" +
        "a=rtcp-fb:108 goog-remb\r\n" +
        "a=rtcp-fb:108 transport-cc\r\n" +
        "a=rtcp-fb:108 ccm fir\r\n" +
        "a=rtcp-fb:108 nack\r\n" +
        "a=rtcp-fb:108 nack pli\r\n" +
        "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f\r\n" +
        "a=rtpmap:109 rtx/90000\r\n" +
        "a=fmtp:109 apt=108\r\n" +
        "a=rtpmap:127 H264/90000\r\n" +
        "a=rtcp-fb:127 goog-remb\r\n" +
        "a=rtcp-fb:127 transport-cc\r\n" +
        "a=rtcp-fb:127 ccm fir\r\n" +
        "a=rtcp-fb:127 nack\r\n" +
        "a=rtcp-fb:127 nack pli\r\n" +
        "a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n" +
        "a=rtpmap:125 rtx/90000\r\n" +
        "a=fmtp:125 apt=127\r\n" +
        "a=rtpmap:39 H264/90000\r\n" +
        "a=rtcp-fb:39 goog-remb\r\n" +
        "a=rtcp-fb:39 transport-cc\r\n" +
        "a=rtcp-fb:39 ccm fir\r\n" +
        "a=rtcp-fb:39 nack\r\n" +
        "a=rtcp-fb:39 nack pli\r\n" +
        "a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f\r\n" +
        "a=rtpmap:40 rtx/90000\r\n" +
        "a=fmtp:40 apt=39\r\n" +
        "a=rtpmap:98 VP9/90000\r\n" +
        "a=rtcp-fb:98 goog-remb\r\n" +
        "a=rtcp-fb:98 transport-cc\r\n" +
        "a=rtcp-fb:98 ccm fir\r\n" +
        "a=rtcp-fb:98 nack\r\n" +
        "a=rtcp-fb:98 nack pli\r\n" +
        "a=fmtp:98 profile-id=0\r\n" +
        "a=rtpmap:99 rtx/90000\r\n" +
        "a=fmtp:99 apt=98\r\n" +
        "a=rtpmap:100 H264/90000\r\n" +
        "a=rtcp-fb:100 goog-remb\r\n" +
        "a=rtcp-fb:100 transport-cc\r\n" +
        "a=rtcp-fb:100 ccm fir\r\n" +
        "a=rtcp-fb:100 nack\r\n" +
        "a=rtcp-fb:100 nack pli\r\n" +
        "a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f\r\n" +
        "a=rtpmap:101 rtx/90000\r\n" +
        "a=fmtp:101 apt=100\r\n" +
        "a=rtpmap:112 H264/90000\r\n" +
        "a=rtcp-fb:112 goog-remb\r\n" +
        "a=rtcp-fb:112 transport-cc\r\n" +
        "a=rtcp-fb:112 ccm fir\r\n" +
        "a=rtcp-fb:112 nack\r\n" +
        "a=rtcp-fb:112 nack pli\r\n" +
        "a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f\r\n" +
        "a=rtpmap:113 rtx/90000\r\n" +
        "a=fmtp:113 apt=112\r\n" +
        "a=rtpmap:116 AV1/90000\r\n" +
        "a=rtcp-fb:116 goog-remb\r\n" +
        "a=rtcp-fb:116 transport-cc\r\n" +
        "a=rtcp-fb:116 ccm fir\r\n" +
        "a=rtcp-fb:116 nack\r\n" +
        "a=rtcp-fb:116 nack pli\r\n" +
        "a=rtpmap:117 red/90000\r\n" +
        "a=rtpmap:118 ulpfec/90000\r\n";

    /// <summary>The same offer with H.265 added (Chromium 136+ with hardware decoding).</summary>
    public static readonly string OfferWithH265 = Offer
        .Replace(" 116 117 118\r\n", " 116 117 118 49\r\n", StringComparison.Ordinal)
        + "a=rtpmap:49 H265/90000\r\n"
        + "a=rtcp-fb:49 nack\r\n"
        + "a=rtcp-fb:49 nack pli\r\n"
        + "a=rtcp-fb:49 ccm fir\r\n"
        + "a=fmtp:49 level-id=93;profile-id=1;tier-flag=0;tx-mode=SRST\r\n";
}
