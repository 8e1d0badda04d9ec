using System.Buffers.Binary;
using System.Security.Cryptography;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The SRTP/SRTCP cryptographic contexts of one viewer's DTLS association (RFC 3711 §3.2;
/// docs/media-transport.md, "SRTP and SRTCP"): we protect
/// the RTP we send and the RTCP sender reports, and unprotect the viewer's SRTCP (receiver reports,
/// NACK, PLI); unprotecting SRTP exists for tests and loopback. Each operation returns a
/// <see cref="SrtpResult"/> and never throws on packet bytes. Per-SSRC state (ROC, s_l, SRTCP index,
/// replay window) is created on the first packet of an SSRC, at most <see cref="MaxStreams"/> per
/// operation; after that no operation allocates.
/// <para>
/// Inbound state (ROC, s_l and the replay window) moves only after a packet authenticated
/// (RFC 3711 §3.3 step 7, §3.3.2): a forged or replayed packet changes nothing. Each of the four
/// operations may run on its own thread, but one operation must not run concurrently with itself.
/// </para>
/// </summary>
internal sealed class SrtpContext : IDisposable
{
    /// <summary>SSRCs tracked per operation; a viewer session has a handful (video, audio, RTX, RTCP senders).</summary>
    public const int MaxStreams = 32;

    /// <summary>Largest packet accepted: a UDP datagram's payload cannot be longer.</summary>
    public const int MaxPacketLength = 65535;

    private const uint EncryptedFlag = 0x8000_0000;
    private const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    private readonly SrtpCipher _outboundRtp;
    private readonly SrtpCipher _outboundRtcp;
    private readonly SrtpCipher _inboundRtp;
    private readonly SrtpCipher _inboundRtcp;
    private readonly Dictionary<uint, SrtpStreamState> _outboundRtpStreams = [];
    private readonly Dictionary<uint, SrtpStreamState> _outboundRtcpStreams = [];
    private readonly Dictionary<uint, SrtpStreamState> _inboundRtpStreams = [];
    private readonly Dictionary<uint, SrtpStreamState> _inboundRtcpStreams = [];
    private readonly int _tagLength;

    /// <summary>Contexts from session keys given directly (RFC test vectors); production uses <see cref="Create"/>.</summary>
    /// <param name="preferNativeGcm">False seals AES-GCM with .NET's <c>AesGcm</c> even where OpenSSL can be called directly (<see cref="AesGcmSealer"/>).</param>
    internal SrtpContext(SrtpSessionKeys outbound, SrtpSessionKeys inbound, bool preferNativeGcm = true)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(inbound);
        if (outbound.Profile != inbound.Profile)
        {
            throw new ArgumentException("Both directions must use the same protection profile.", nameof(inbound));
        }

        Profile = outbound.Profile;
        _tagLength = SrtpProfileParameters.TagLength(Profile);
        _outboundRtp = new SrtpCipher(Profile, outbound.RtpKey, outbound.RtpSalt, outbound.RtpAuthKey, seals: true, preferNativeGcm);
        _outboundRtcp = new SrtpCipher(Profile, outbound.RtcpKey, outbound.RtcpSalt, outbound.RtcpAuthKey, seals: true, preferNativeGcm);
        _inboundRtp = new SrtpCipher(Profile, inbound.RtpKey, inbound.RtpSalt, inbound.RtpAuthKey, seals: false);
        _inboundRtcp = new SrtpCipher(Profile, inbound.RtcpKey, inbound.RtcpSalt, inbound.RtcpAuthKey, seals: false);
    }

    public SrtpProtectionProfile Profile { get; }

    public SrtpCounters Counters { get; } = new();

    /// <summary>Bytes <see cref="ProtectRtp"/> adds to a packet.</summary>
    public int RtpOverhead => _tagLength;

    /// <summary>Bytes <see cref="ProtectRtcp"/> adds to a packet.</summary>
    public int RtcpOverhead => _tagLength + SrtpProfileParameters.SrtcpIndexLength;

    /// <summary>
    /// Derives the session keys (RFC 3711 §4.3) of both directions: we write with our master key
    /// (the server's, for the gateway) and read with the peer's (RFC 5764 §4.2).
    /// </summary>
    /// <param name="material">The keying material of the DTLS handshake.</param>
    /// <param name="preferNativeGcm">False seals AES-GCM with .NET's <c>AesGcm</c> even where OpenSSL can be called directly (benchmarks of both paths).</param>
    public static SrtpContext Create(SrtpKeyingMaterial material, bool preferNativeGcm = true)
    {
        ArgumentNullException.ThrowIfNull(material);
        var outbound = SrtpSessionKeys.Derive(material.Profile, material.LocalMasterKey, material.LocalMasterSalt);
        var inbound = SrtpSessionKeys.Derive(material.Profile, material.RemoteMasterKey, material.RemoteMasterSalt);
        return new SrtpContext(outbound, inbound, preferNativeGcm);
    }

    /// <summary>
    /// SRTP-protects one RTP packet (RFC 3711 §3.3, RFC 7714 §8) into <paramref name="output"/>, which
    /// needs <see cref="RtpOverhead"/> more bytes than the packet and may be the packet's own buffer
    /// (in place) but must not otherwise overlap it.
    /// </summary>
    public SrtpResult ProtectRtp(ReadOnlySpan<byte> rtp, Span<byte> output, out int written)
    {
        written = 0;
        // The header (CSRC list and extension included) is authenticated but not encrypted (RFC 3711 §3.1).
        if (rtp.Length > MaxPacketLength || !RtpHeader.TryRead(rtp, out var header, out _))
        {
            return Counters.Count(SrtpOperation.ProtectRtp, SrtpResult.Malformed);
        }

        if (output.Length < rtp.Length + _tagLength)
        {
            return Counters.Count(SrtpOperation.ProtectRtp, SrtpResult.OutputTooSmall);
        }

        var headerLength = header.Length;
        var sequence = header.SequenceNumber;
        var ssrc = header.Ssrc;
        if (!_outboundRtpStreams.TryGetValue(ssrc, out var state))
        {
            if (_outboundRtpStreams.Count >= MaxStreams)
            {
                return Counters.Count(SrtpOperation.ProtectRtp, SrtpResult.TooManyStreams);
            }

            // The sender's s_l starts at its first sequence number with ROC 0, as the receiver assumes.
            state = new SrtpStreamState { HighestSequence = sequence };
            _outboundRtpStreams.Add(ssrc, state);
        }

        var guessed = SrtpIndexEstimator.EstimateRolloverCounter(state.RolloverCounter, state.HighestSequence, sequence);
        if (guessed < 0)
        {
            return Counters.Count(SrtpOperation.ProtectRtp, SrtpResult.TooOld);
        }

        if (guessed > uint.MaxValue)
        {
            return Counters.Count(SrtpOperation.ProtectRtp, SrtpResult.IndexExhausted);
        }

        var rolloverCounter = (uint)guessed;
        var index = ((ulong)rolloverCounter << 16) | sequence;
        var payloadEnd = rtp.Length;
        rtp[..headerLength].CopyTo(output);
        if (_outboundRtp.IsAead)
        {
            // RFC 7714 §8.1: the header is the associated data, the payload the plaintext.
            _outboundRtp.Seal(ssrc, index, output[..headerLength], rtp[headerLength..], output[headerLength..payloadEnd], output.Slice(payloadEnd, _tagLength));
        }
        else
        {
            // RFC 3711 §4.2: the tag covers header and encrypted payload, followed by the ROC.
            _outboundRtp.ApplyKeystream(ssrc, index, rtp[headerLength..], output[headerLength..payloadEnd]);
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
            _outboundRtp.ComputeTag(output[..payloadEnd], roc, output.Slice(payloadEnd, _tagLength));
        }

        SrtpIndexEstimator.Update(state, rolloverCounter, sequence);
        written = payloadEnd + _tagLength;
        return Counters.Count(SrtpOperation.ProtectRtp, SrtpResult.Ok);
    }

    /// <summary>
    /// Verifies and decrypts one SRTP packet (RFC 3711 §3.3, RFC 7714 §8.2): replay check, then
    /// authentication, then decryption; ROC, s_l and the replay window advance only after the tag
    /// verified. <paramref name="output"/> needs the packet's length less <see cref="RtpOverhead"/>.
    /// </summary>
    public SrtpResult UnprotectRtp(ReadOnlySpan<byte> srtp, Span<byte> output, out int written)
    {
        written = 0;
        if (srtp.Length > MaxPacketLength || !RtpHeader.TryRead(srtp, out var header, out _) || srtp.Length - header.Length < _tagLength)
        {
            return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.Malformed);
        }

        var payloadEnd = srtp.Length - _tagLength;
        if (output.Length < payloadEnd)
        {
            return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.OutputTooSmall);
        }

        var headerLength = header.Length;
        var sequence = header.SequenceNumber;
        var ssrc = header.Ssrc;
        var known = _inboundRtpStreams.TryGetValue(ssrc, out var state);
        if (!known && _inboundRtpStreams.Count >= MaxStreams)
        {
            return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.TooManyStreams);
        }

        // RFC 3711 §3.3.1: a new stream starts with ROC 0 and s_l = its first sequence number.
        var guessed = known
            ? SrtpIndexEstimator.EstimateRolloverCounter(state!.RolloverCounter, state.HighestSequence, sequence)
            : 0;
        if (guessed < 0)
        {
            return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.TooOld);
        }

        if (guessed > uint.MaxValue)
        {
            return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.IndexExhausted);
        }

        var rolloverCounter = (uint)guessed;
        var index = ((ulong)rolloverCounter << 16) | sequence;
        if (known)
        {
            var replay = state!.Window.Check(index);
            if (replay != SrtpResult.Ok)
            {
                return Counters.Count(SrtpOperation.UnprotectRtp, replay);
            }
        }

        var tag = srtp[payloadEnd..];
        if (_inboundRtp.IsAead)
        {
            if (!_inboundRtp.TryOpen(ssrc, index, srtp[..headerLength], srtp[headerLength..payloadEnd], tag, output[headerLength..payloadEnd]))
            {
                return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.AuthenticationFailed);
            }

            srtp[..headerLength].CopyTo(output);
        }
        else
        {
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
            Span<byte> expected = stackalloc byte[_tagLength];
            _inboundRtp.ComputeTag(srtp[..payloadEnd], roc, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, tag))
            {
                return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.AuthenticationFailed);
            }

            srtp[..headerLength].CopyTo(output);
            _inboundRtp.ApplyKeystream(ssrc, index, srtp[headerLength..payloadEnd], output[headerLength..payloadEnd]);
        }

        if (!known)
        {
            state = new SrtpStreamState { HighestSequence = sequence };
            _inboundRtpStreams.Add(ssrc, state);
        }

        SrtpIndexEstimator.Update(state!, rolloverCounter, sequence);
        state!.Window.Accept(index);
        written = payloadEnd;
        return Counters.Count(SrtpOperation.UnprotectRtp, SrtpResult.Ok);
    }

    /// <summary>
    /// SRTCP-protects one (compound) RTCP packet (RFC 3711 §3.4, RFC 7714 §9), always encrypted (E = 1),
    /// with the next 31-bit SRTCP index of its sender SSRC. <paramref name="output"/> needs
    /// <see cref="RtcpOverhead"/> more bytes than the packet; it may be the packet's own buffer.
    /// </summary>
    public SrtpResult ProtectRtcp(ReadOnlySpan<byte> rtcp, Span<byte> output, out int written)
    {
        written = 0;
        // RFC 3711 §3.4: the common header and the sender SSRC stay in the clear, the rest is encrypted.
        if (rtcp.Length > MaxPacketLength || !RtcpHeader.TryRead(rtcp, out var header, out _) || !header.TryGetSsrc(out var ssrc))
        {
            return Counters.Count(SrtpOperation.ProtectRtcp, SrtpResult.Malformed);
        }

        var total = rtcp.Length + RtcpOverhead;
        if (output.Length < total)
        {
            return Counters.Count(SrtpOperation.ProtectRtcp, SrtpResult.OutputTooSmall);
        }

        if (!_outboundRtcpStreams.TryGetValue(ssrc, out var state))
        {
            if (_outboundRtcpStreams.Count >= MaxStreams)
            {
                return Counters.Count(SrtpOperation.ProtectRtcp, SrtpResult.TooManyStreams);
            }

            state = new SrtpStreamState();
            _outboundRtcpStreams.Add(ssrc, state);
        }

        if (state.NextSrtcpIndex > MaxSrtcpIndex)
        {
            return Counters.Count(SrtpOperation.ProtectRtcp, SrtpResult.IndexExhausted);
        }

        var index = state.NextSrtcpIndex;
        const int clear = RtcpHeader.SizeWithSsrc;
        var end = rtcp.Length;
        rtcp[..clear].CopyTo(output);
        if (_outboundRtcp.IsAead)
        {
            // RFC 7714 §9.1-9.2: AAD = header || E || index; the wire carries tag, then E || index.
            Span<byte> associatedData = stackalloc byte[clear + SrtpProfileParameters.SrtcpIndexLength];
            output[..clear].CopyTo(associatedData);
            BinaryPrimitives.WriteUInt32BigEndian(associatedData[clear..], EncryptedFlag | index);
            _outboundRtcp.Seal(ssrc, index, associatedData, rtcp[clear..], output[clear..end], output.Slice(end, _tagLength));
            BinaryPrimitives.WriteUInt32BigEndian(output[(end + _tagLength)..], EncryptedFlag | index);
        }
        else
        {
            // RFC 3711 §3.4: E || index follows the encrypted portion and is authenticated with it.
            _outboundRtcp.ApplyKeystream(ssrc, index, rtcp[clear..], output[clear..end]);
            BinaryPrimitives.WriteUInt32BigEndian(output[end..], EncryptedFlag | index);
            var authenticatedEnd = end + SrtpProfileParameters.SrtcpIndexLength;
            _outboundRtcp.ComputeTag(output[..authenticatedEnd], default, output.Slice(authenticatedEnd, _tagLength));
        }

        state.NextSrtcpIndex = index + 1;
        written = total;
        return Counters.Count(SrtpOperation.ProtectRtcp, SrtpResult.Ok);
    }

    /// <summary>
    /// Verifies and decrypts one SRTCP packet from the viewer (RFC 3711 §3.4, RFC 7714 §9): replay check
    /// on the SRTCP index, authentication, decryption; the replay window advances only after the tag
    /// verified. Unencrypted SRTCP (E = 0) is refused. <paramref name="output"/> needs the packet's
    /// length less <see cref="RtcpOverhead"/>.
    /// </summary>
    public SrtpResult UnprotectRtcp(ReadOnlySpan<byte> srtcp, Span<byte> output, out int written)
    {
        written = 0;
        const int clear = RtcpHeader.SizeWithSsrc;
        if (srtcp.Length > MaxPacketLength || srtcp.Length < clear + RtcpOverhead
            || !RtcpHeader.TryRead(srtcp, out var header, out _) || !header.TryGetSsrc(out var ssrc))
        {
            return Counters.Count(SrtpOperation.UnprotectRtcp, SrtpResult.Malformed);
        }

        var end = srtcp.Length - RtcpOverhead;
        if (output.Length < end)
        {
            return Counters.Count(SrtpOperation.UnprotectRtcp, SrtpResult.OutputTooSmall);
        }

        // RFC 3711 §3.4: E || index precedes the tag; RFC 7714 §9: it follows the tag.
        var indexOffset = _inboundRtcp.IsAead ? srtcp.Length - SrtpProfileParameters.SrtcpIndexLength : end;
        var indexField = BinaryPrimitives.ReadUInt32BigEndian(srtcp[indexOffset..]);
        if ((indexField & EncryptedFlag) == 0)
        {
            return Counters.Count(SrtpOperation.UnprotectRtcp, SrtpResult.NotEncrypted);
        }

        var index = indexField & MaxSrtcpIndex;
        var known = _inboundRtcpStreams.TryGetValue(ssrc, out var state);
        if (!known && _inboundRtcpStreams.Count >= MaxStreams)
        {
            return Counters.Count(SrtpOperation.UnprotectRtcp, SrtpResult.TooManyStreams);
        }

        if (known)
        {
            var replay = state!.Window.Check(index);
            if (replay != SrtpResult.Ok)
            {
                return Counters.Count(SrtpOperation.UnprotectRtcp, replay);
            }
        }

        if (_inboundRtcp.IsAead)
        {
            Span<byte> associatedData = stackalloc byte[clear + SrtpProfileParameters.SrtcpIndexLength];
            srtcp[..clear].CopyTo(associatedData);
            srtcp.Slice(indexOffset, SrtpProfileParameters.SrtcpIndexLength).CopyTo(associatedData[clear..]);
            if (!_inboundRtcp.TryOpen(ssrc, index, associatedData, srtcp[clear..end], srtcp.Slice(end, _tagLength), output[clear..end]))
            {
                return Counters.Count(SrtpOperation.UnprotectRtcp, SrtpResult.AuthenticationFailed);
            }

            srtcp[..clear].CopyTo(output);
        }
        else
        {
            var authenticatedEnd = end + SrtpProfileParameters.SrtcpIndexLength;
            Span<byte> expected = stackalloc byte[_tagLength];
            _inboundRtcp.ComputeTag(srtcp[..authenticatedEnd], default, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, srtcp[authenticatedEnd..]))
            {
                return Counters.Count(SrtpOperation.UnprotectRtcp, SrtpResult.AuthenticationFailed);
            }

            srtcp[..clear].CopyTo(output);
            _inboundRtcp.ApplyKeystream(ssrc, index, srtcp[clear..end], output[clear..end]);
        }

        if (!known)
        {
            state = new SrtpStreamState();
            _inboundRtcpStreams.Add(ssrc, state);
        }

        state!.Window.Accept(index);
        written = end;
        return Counters.Count(SrtpOperation.UnprotectRtcp, SrtpResult.Ok);
    }

    public void Dispose()
    {
        _outboundRtp.Dispose();
        _outboundRtcp.Dispose();
        _inboundRtp.Dispose();
        _inboundRtcp.Dispose();
    }
}
