using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Benchmarks;

/// <summary>
/// SRTP on the send path, per packet: what the gateway does for every RTP packet it sends a viewer
/// (<see cref="SrtpContext.ProtectRtp"/>, 12-byte header and a 1200-byte payload as the
/// packetizer writes them) and for every sender report; and the receive side as a round trip (the
/// browser's context protects, the gateway's unprotects; unprotect alone = round trip − protect),
/// since a replay window refuses the same packet twice. Both negotiated profiles.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PayloadLength = 1200;
    private const uint Ssrc = 0x5EC057E4;

    private SrtpContext _gateway = null!;
    private SrtpContext _browser = null!;
    private byte[] _rtp = null!;
    private byte[] _rtpBuffer = null!;
    private byte[] _rtpPlain = null!;
    private byte[] _rtcp = null!;
    private byte[] _rtcpBuffer = null!;
    private byte[] _rtcpPlain = null!;
    private ushort _sequence;

    /// <summary>The negotiated profile by its RFC 5764 / RFC 7714 name.</summary>
    [Params("AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM")]
    public string Profile { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var profile = Profile == "AEAD_AES_128_GCM" ? SrtpProtectionProfile.AeadAes128Gcm : SrtpProtectionProfile.AesCm128HmacSha1Tag80;
        var exported = new byte[SrtpProfileParameters.ExporterLength(profile)];
        for (var i = 0; i < exported.Length; i++)
        {
            exported[i] = (byte)((i * 31) + 7);
        }

        _gateway = SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Server));
        _browser = SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Client));

        _rtp = new byte[12 + PayloadLength];
        _rtp[0] = 0x80;
        _rtp[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_rtp.AsSpan(8), Ssrc);
        for (var i = 12; i < _rtp.Length; i++)
        {
            _rtp[i] = (byte)i;
        }

        _rtpBuffer = new byte[_rtp.Length + _gateway.RtpOverhead];
        _rtpPlain = new byte[_rtp.Length];

        // A sender report without report blocks (RFC 3550 §6.4.1), as the gateway sends one per track.
        _rtcp = new byte[28];
        _rtcp[0] = 0x80;
        _rtcp[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(_rtcp.AsSpan(4), Ssrc);
        _rtcpBuffer = new byte[_rtcp.Length + _gateway.RtcpOverhead];
        _rtcpPlain = new byte[_rtcp.Length];

        // Check the answer once: a round trip gives back the plaintext.
        RoundTripRtp();
        if (!_rtpPlain.AsSpan().SequenceEqual(_rtp) || RoundTripRtcp() != _rtcp.Length || !_rtcpPlain.AsSpan().SequenceEqual(_rtcp))
        {
            throw new InvalidOperationException("SRTP round trip did not give back the packet.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gateway.Dispose();
        _browser.Dispose();
    }

    /// <summary>The gateway protects one RTP packet (its send path).</summary>
    [Benchmark(Baseline = true)]
    public int ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), _sequence++);
        return _gateway.ProtectRtp(_rtp, _rtpBuffer, out var written) == SrtpResult.Ok ? written : -1;
    }

    /// <summary>The browser protects, the gateway verifies and decrypts.</summary>
    [Benchmark]
    public int RoundTripRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), _sequence++);
        if (_browser.ProtectRtp(_rtp, _rtpBuffer, out var protectedLength) != SrtpResult.Ok)
        {
            return -1;
        }

        return _gateway.UnprotectRtp(_rtpBuffer.AsSpan(0, protectedLength), _rtpPlain, out var written) == SrtpResult.Ok ? written : -1;
    }

    /// <summary>The gateway protects one sender report.</summary>
    [Benchmark]
    public int ProtectRtcp() =>
        _gateway.ProtectRtcp(_rtcp, _rtcpBuffer, out var written) == SrtpResult.Ok ? written : -1;

    /// <summary>The browser protects an RTCP packet, the gateway verifies and decrypts it (its feedback path).</summary>
    [Benchmark]
    public int RoundTripRtcp()
    {
        if (_browser.ProtectRtcp(_rtcp, _rtcpBuffer, out var protectedLength) != SrtpResult.Ok)
        {
            return -1;
        }

        return _gateway.UnprotectRtcp(_rtcpBuffer.AsSpan(0, protectedLength), _rtcpPlain, out var written) == SrtpResult.Ok ? written : -1;
    }
}
