using CsCheck;
using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

public sealed class SrtpPropertyTests
{
    private static readonly Gen<SrtpProtectionProfile> AnyProfile = Gen.OneOfConst(Profiles);

    [Fact]
    public void ProtectThenUnprotect_RandomPacket_RoundTrips()
    {
        Gen.Select(AnyProfile, Gen.UShort, Gen.UInt, Gen.Int[0, 15], Gen.Int[-1, 4], Gen.Byte.Array[0, 1400])
            .Sample((profile, sequence, ssrc, csrcCount, extensionWords, payload) =>
            {
                var (gateway, browser) = Pair(profile);
                var rtp = RtpPacketBytes(sequence, payload.Length, ssrc, csrcCount, extensionWords);
                payload.CopyTo(rtp, rtp.Length - payload.Length);

                var srtp = Protect(gateway, rtp);

                return Unprotect(browser, srtp, out var plain) == SrtpResult.Ok && plain.AsSpan().SequenceEqual(rtp);
            }, iter: 300);
    }

    [Fact]
    public void ProtectThenUnprotect_RandomSequenceWalk_EveryPacketRoundTrips()
    {
        // Steps forward by less than half the sequence space (with wraps), as a sender's stream does.
        Gen.Select(AnyProfile, Gen.UShort, Gen.Int[1, 32767].Array[1, 40])
            .Sample((profile, start, steps) =>
            {
                var (gateway, browser) = Pair(profile);
                var sequence = start;
                foreach (var step in steps)
                {
                    var rtp = RtpPacketBytes(sequence, payloadLength: 20);
                    if (Unprotect(browser, Protect(gateway, rtp), out var plain) != SrtpResult.Ok || !plain.AsSpan().SequenceEqual(rtp))
                    {
                        return false;
                    }

                    sequence = (ushort)(sequence + step);
                }

                return true;
            }, iter: 100);
    }

    // The two properties below share contexts across samples, so they run on one thread: a context
    // serves each operation from one thread at a time (CsCheck samples in parallel by default).
    [Fact]
    public void Unprotect_ArbitraryBytes_NeverThrowsNorAccepts()
    {
        var contexts = Profiles.Select(p => Pair(p).Browser).ToArray();
        Gen.Select(Gen.Int[0, 1], Gen.Byte.Array[0, 300])
            .Sample((which, bytes) =>
            {
                var context = contexts[which];
                var output = new byte[bytes.Length];
                var rtp = context.UnprotectRtp(bytes, output, out var rtpWritten);
                var rtcp = context.UnprotectRtcp(bytes, output, out var rtcpWritten);
                return rtp != SrtpResult.Ok && rtcp != SrtpResult.Ok && rtpWritten == 0 && rtcpWritten == 0;
            }, iter: 20000, threads: 1);
    }

    [Fact]
    public void Unprotect_ArbitraryBytesWithValidLookingHeader_NeverThrows()
    {
        var contexts = Profiles.Select(p => Pair(p).Browser).ToArray();
        Gen.Select(Gen.Int[0, 1], Gen.Byte.Array[12, 200], Gen.Byte[0, 0x3F])
            .Sample((which, bytes, flags) =>
            {
                bytes[0] = (byte)(0x80 | flags);
                var context = contexts[which];
                var output = new byte[bytes.Length];
                return context.UnprotectRtp(bytes, output, out _) != SrtpResult.Ok
                    && context.UnprotectRtcp(bytes, output, out _) != SrtpResult.Ok;
            }, iter: 20000, threads: 1);
    }
}
