namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>Offers as Janus 1.1.2's streaming plugin sends them (captured from an RTSP mountpoint, ICE-lite).</summary>
internal static class JanusOffers
{
    public const string Video =
        "v=0\r\no=- 1795632987827699 1 IN IP4 192.0.2.2\r\ns=Mountpoint 1\r\nt=0 0\r\na=group:BUNDLE v\r\na=ice-options:trickle\r\n"
        + "a=fingerprint:sha-256 B2:29:26:5D:D1:69:F1:16:D3:96:8E:0A:84:CD:8B:4E:E0:9D:00:96:55:AF:A0:50:0D:31:A8:38:29:B4:CF:24\r\n"
        + "a=extmap-allow-mixed\r\na=msid-semantic: WMS *\r\na=ice-lite\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 192.0.2.2\r\n"
        + "a=sendonly\r\na=mid:v\r\na=rtcp-mux\r\na=ice-ufrag:ZFqQ\r\na=ice-pwd:YOQidKEDaqLasV9M66rIHM\r\na=ice-options:trickle\r\na=setup:actpass\r\n"
        + "a=rtpmap:96 H264/90000\r\na=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 transport-cc\r\n"
        + "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\na=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
        + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHtoCgL/lwEQAAAMABAAAAwDIPFi6gA==,aM4xMg==;profile-level-id=42c01e;level-asymmetry-allowed=1\r\n"
        + "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\na=ssrc-group:FID 3678004835 1039580520\r\na=msid:janus janusv\r\n"
        + "a=ssrc:3678004835 cname:janus\r\na=ssrc:1039580520 cname:janus\r\n"
        + "a=candidate:1 1 udp 2015363327 192.0.2.2 41594 typ host\r\na=candidate:2 1 udp 2015363583 fd00::2 56625 typ host\r\n"
        + "a=candidate:3 1 udp 2015363839 fe80::fc:ff:fe00:1 60178 typ host\r\na=end-of-candidates\r\n";

    /// <summary>Audio (Opus), video and a data channel, as a mountpoint with audio and data would offer.</summary>
    public const string AudioVideoData =
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Mountpoint 2\r\nt=0 0\r\na=group:BUNDLE a v d\r\na=ice-lite\r\n"
        + "a=fingerprint:sha-256 B2:29:26:5D:D1:69:F1:16:D3:96:8E:0A:84:CD:8B:4E:E0:9D:00:96:55:AF:A0:50:0D:31:A8:38:29:B4:CF:24\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\na=sendonly\r\na=mid:a\r\na=rtcp-mux\r\na=ice-ufrag:ZFqQ\r\na=ice-pwd:YOQidKEDaqLasV9M66rIHM\r\na=setup:actpass\r\n"
        + "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96 98\r\nc=IN IP4 127.0.0.1\r\na=sendonly\r\na=mid:v\r\na=rtcp-mux\r\n"
        + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;profile-level-id=42e01f\r\na=rtpmap:98 VP8/90000\r\n"
        + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 127.0.0.1\r\na=mid:d\r\na=sctp-port:5000\r\n"
        + "a=candidate:1 1 udp 2015363327 127.0.0.1 41594 typ host\r\n";
}
