using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tickets;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Fuzzing;

/// <summary>
/// One entry per parser of untrusted input. The harness (Program) feeds them AFL's inputs; the
/// ordinary test suite replays the kept corpus (fuzz/corpus/&lt;target&gt;/) through the same
/// functions, so a crasher once found stays fixed. A target "fails" only by throwing.
/// </summary>
public static class FuzzTargets
{
    private static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(["policy", "signature", "token"], StringComparer.Ordinal);
    private static readonly TicketKey Key = TicketKey.CreateRandom();

    /// <summary>Target names, as used for corpus folders and the harness's argument.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["request-target"] = RequestTarget,
        ["signed-policy"] = SignedPolicy,
        ["policy-file"] = PolicyFile,
        ["webhook-response"] = WebhookResponse,
        ["jwt"] = Jwt,
        ["ticket"] = Ticket,
        ["rtsp-response"] = RtspResponse,
        ["rtsp-request"] = RtspRequest,
        ["sdp"] = Sdp,
        ["rtp-h264"] = RtpH264,
        ["stun"] = Stun,
        ["webrtc-sdp"] = WebRtcSdp,
        ["rtcp-feedback"] = RtcpFeedback,
    };

    public static void RequestTarget(byte[] input) =>
        RequestTargetParser.Parse(Encoding.Latin1.GetString(input), "POST", RequestShapeLimits.Default, ReservedNames);

    public static void SignedPolicy(byte[] input)
    {
        SignedPolicyParser.Parse(Encoding.Latin1.GetString(input), 1024);
        SignedPolicyParser.ParseJson(input);
    }

    public static void PolicyFile(byte[] input) => PolicyFileLoader.Load(input, TimeProvider.System);

    public static void WebhookResponse(byte[] input) => AdmissionResponseParser.Parse(input, TimeSpan.Zero, 200);

    public static void Jwt(byte[] input) =>
        new TokenLinkValidator(TimeProvider.System, NullLogger<TokenLinkValidator>.Instance)
            .ValidateAsync(new TokenInput(Encoding.Latin1.GetString(input), new CameraPath("app", "cam1"), IPAddress.Loopback), TokenKeyRing.Empty, CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();

    /// <summary>A camera's bytes on the RTSP connection: responses, possibly several in a row.</summary>
    public static void RtspResponse(byte[] input)
    {
        var reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(input));
        while (SecureStream.Media.Rtsp.RtspMessageParser.TryParseResponse(ref reader, out var response, out _) && response is not null)
        {
        }
    }

    /// <summary>A client's bytes to the demo cameras: requests and interleaved RTCP, read as the server reads them.</summary>
    public static void RtspRequest(byte[] input) =>
        SecureStream.DemoCameras.DemoRtspConnection.ParseAvailable(new System.Buffers.ReadOnlySequence<byte>(input), [], out _, out _);

    public static void Sdp(byte[] input)
    {
        if (SecureStream.Media.Sdp.SdpParser.TryParse(input, out var description, out _) && description is not null)
        {
            SecureStream.Media.Sdp.SdpTrackReader.ReadTracks(description);
        }
    }

    /// <summary>A browser's WHEP offer, read as an offer and as an answer, matched and answered.</summary>
    public static void WebRtcSdp(byte[] input)
    {
        foreach (var role in (ReadOnlySpan<SecureStream.Media.WebRtc.Sdp.BrowserSdpRole>)[SecureStream.Media.WebRtc.Sdp.BrowserSdpRole.Offer, SecureStream.Media.WebRtc.Sdp.BrowserSdpRole.Answer])
        {
            var read = SecureStream.Media.WebRtc.Sdp.BrowserOfferReader.Read(input, role);
            if (read.IsValid)
            {
                SecureStream.Media.WebRtc.Sdp.CodecMatcher.Match(WebRtcCameraTracks, read.Description);
            }
        }
    }

    /// <summary>A viewer's RTCP after SRTCP authentication: compound walk, then NACK/PLI/FIR views.</summary>
    public static void RtcpFeedback(byte[] input)
    {
        var reader = new SecureStream.Media.Rtp.RtcpCompoundReader(input);
        Span<ushort> sequences = stackalloc ushort[64];
        while (reader.TryReadNext(out var packet))
        {
            if (SecureStream.Media.Rtp.RtcpFeedback.TryRead(packet, out var feedback))
            {
                feedback.CopyNackSequences(sequences);
                for (var i = 0; i < feedback.FirEntryCount; i++)
                {
                    feedback.TryGetFirEntry(i, out _, out _);
                }
            }
        }
    }

    private static readonly SecureStream.Media.Frames.TrackDescription[] WebRtcCameraTracks =
    [
        new(0, SecureStream.Media.Frames.TrackKind.Video, SecureStream.Media.Frames.MediaCodec.H264, 90000, 1, []) { Profile = "4d0028" },
        new(1, SecureStream.Media.Frames.TrackKind.Audio, SecureStream.Media.Frames.MediaCodec.Pcma, 8000, 1, []),
    ];

    /// <summary>A camera's RTP for an H.264 track: the input is split into packets by a 2-byte length prefix.</summary>
    public static void RtpH264(byte[] input)
    {
        var receiver = SecureStream.Media.Codecs.RtpTrackFactory.Create(
            new SecureStream.Media.Codecs.RtpTrackSettings(0, 96, "H264", 90000), TimeProvider.System).Receiver!;
        var frames = new List<SecureStream.Media.Frames.MediaFrame>();
        var span = input.AsSpan();
        while (span.Length >= 2)
        {
            var length = Math.Min((span[0] << 8) | span[1], span.Length - 2);
            receiver.Receive(span.Slice(2, length), frames);
            span = span[(2 + length)..];
        }
    }

    public static void Stun(byte[] input) => SecureStream.Media.WebRtc.Ice.StunMessage.TryRead(input, out _, out _);

    public static void Ticket(byte[] input) =>
        new TicketValidator(Key, TimeProvider.System).Validate(Encoding.Latin1.GetString(input), new CameraPath("app", "cam1"));
}
