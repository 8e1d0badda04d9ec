using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

/// <summary>
/// Both AES-GCM sealers (OpenSSL called directly, and .NET's AesGcm) against RFC 7714 §16 and
/// against each other, and SRTP protect through each.
/// </summary>
public sealed class AesGcmSealerTests
{
    // RFC 7714 §16.1.1: the session key, the IV formed from salt, SSRC and index, the header as
    // associated data, the payload, and the payload's ciphertext followed by the tag (§16.1.2).
    private static readonly byte[] Key = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Nonce = Hex("51753c6580c2726f20718414");
    private static readonly byte[] Header = Hex("8040f17b 8041f8d3 5501a0b2");
    private static readonly byte[] Payload = Hex("47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");
    private static readonly byte[] SealedPayload = Hex(
        "f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
        + "899d7f27 beb16a91 52cf765e e4390cce");

    public static TheoryData<string> Sealers => new() { "native", "portable" };

    [Fact]
    public void NativeAvailable_OnLinux_IsTrue()
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");

        Assert.True(AesGcmSealer.NativeAvailable, "libcrypto's EVP functions should resolve and seal like AesGcm on Linux");
        using var sealer = AesGcmSealer.Create(Key);
        Assert.IsType<OpenSslAesGcmSealer>(sealer);
    }

    [Fact]
    public void Create_NativeNotPreferred_IsPortable()
    {
        using var sealer = AesGcmSealer.Create(Key, preferNative: false);

        Assert.IsType<PortableAesGcmSealer>(sealer);
    }

    [Theory]
    [MemberData(nameof(Sealers))]
    public void Seal_Rfc7714Section16_MatchesVector(string kind)
    {
        using var sealer = Create(kind);

        Assert.Equal(SealedPayload, Seal(sealer, Nonce, Payload, Header));
    }

    [Theory]
    [MemberData(nameof(Sealers))]
    public void Seal_AnotherMessageBetween_SameContextStillMatchesVector(string kind)
    {
        using var sealer = Create(kind);
        var otherNonce = (byte[])Nonce.Clone();
        otherNonce[^1] ^= 1;

        var first = Seal(sealer, Nonce, Payload, Header);
        var other = Seal(sealer, otherNonce, new byte[1200], []);
        var again = Seal(sealer, Nonce, Payload, Header);

        Assert.Equal(SealedPayload, first);
        Assert.Equal(SealedPayload, again);
        Assert.NotEqual(first[^16..], other[^16..]);
    }

    [Theory]
    [MemberData(nameof(Sealers))]
    public void Seal_InPlace_MatchesVector(string kind)
    {
        using var sealer = Create(kind);
        var buffer = new byte[Payload.Length + 16];
        Payload.CopyTo(buffer, 0);

        sealer.Seal(Nonce, buffer.AsSpan(0, Payload.Length), buffer.AsSpan(0, Payload.Length), buffer.AsSpan(Payload.Length), Header);

        Assert.Equal(SealedPayload, buffer);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 12)]
    [InlineData(15, 12)]
    [InlineData(16, 20)]
    [InlineData(17, 0)]
    [InlineData(1200, 12)]
    [InlineData(1500, 16)]
    public void Seal_NativeAndPortable_SameBytes(int length, int associatedLength)
    {
        using var native = Create("native");
        using var portable = Create("portable");
        var plaintext = Enumerable.Range(0, length).Select(i => (byte)((i * 13) + 5)).ToArray();
        var associatedData = Enumerable.Range(0, associatedLength).Select(i => (byte)(0x80 + i)).ToArray();

        for (var message = 0; message < 3; message++)
        {
            var nonce = (byte[])Nonce.Clone();
            nonce[^1] = (byte)message;

            Assert.Equal(Seal(portable, nonce, plaintext, associatedData), Seal(native, nonce, plaintext, associatedData));
        }
    }

    [Fact]
    public void Seal_NativeOutputOverlapsInputShifted_Throws()
    {
        using var sealer = Create("native");
        var buffer = new byte[Payload.Length + 32];
        Payload.CopyTo(buffer, 0);

        Assert.Throws<ArgumentException>(() =>
            sealer.Seal(Nonce, buffer.AsSpan(0, Payload.Length), buffer.AsSpan(4, Payload.Length), new byte[16], Header));
    }

    [Fact]
    public void Seal_NativeWrongNonceOrTagLength_Throws()
    {
        using var sealer = Create("native");
        var output = new byte[Payload.Length];

        Assert.Throws<ArgumentException>(() => sealer.Seal(Nonce.AsSpan(1), Payload, output, new byte[16], Header));
        Assert.Throws<ArgumentException>(() => sealer.Seal(Nonce, Payload, output, new byte[12], Header));
        Assert.Throws<ArgumentException>(() => new OpenSslAesGcmSealer(new byte[32]));
    }

    [Fact]
    public void Seal_NativeAfterDispose_ThrowsObjectDisposed()
    {
        var sealer = Create("native");
        sealer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => sealer.Seal(Nonce, Payload, new byte[Payload.Length], new byte[16], Header));
    }

    [Fact]
    public void ProtectRtp_Rfc7714Section16PortableSealer_MatchesVector()
    {
        var keys = new SrtpSessionKeys(SrtpProtectionProfile.AeadAes128Gcm, Key, Hex("517569642070726f2071756f"), [], Key, Hex("517569642070726f2071756f"), []);
        using var context = new SrtpContext(keys, keys, preferNativeGcm: false);
        var packet = Header.Concat(Payload).ToArray();
        var output = new byte[packet.Length + context.RtpOverhead];

        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(packet, output, out var written));
        Assert.Equal(Header.Concat(SealedPayload).ToArray(), output[..written]);
    }

    [Fact]
    public void ProtectRtpAndRtcp_NativeAndPortable_SameBytesAndTheBrowserOpensThem()
    {
        var profile = SrtpProtectionProfile.AeadAes128Gcm;
        var exported = Exporter(profile);
        var server = SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Server);
        using var native = SrtpContext.Create(server);
        using var portable = SrtpContext.Create(server, preferNativeGcm: false);
        using var browser = SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Client));

        for (var i = 0; i < 40; i++)
        {
            // Sequence numbers across a rollover, sizes from empty to a full packet, protected in place as the writer does.
            var rtp = RtpPacketBytes((ushort)(65520 + i), payloadLength: (i * 37) % 1201);
            var viaNative = ProtectInPlace(native, rtp);
            var viaPortable = ProtectInPlace(portable, rtp);

            Assert.Equal(viaPortable, viaNative);
            var plain = new byte[viaNative.Length];
            Assert.Equal(SrtpResult.Ok, browser.UnprotectRtp(viaNative, plain, out var written));
            Assert.Equal(rtp, plain[..written]);
        }

        var rtcp = Hex("81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");
        var srtcpNative = new byte[rtcp.Length + native.RtcpOverhead];
        var srtcpPortable = new byte[rtcp.Length + portable.RtcpOverhead];
        Assert.Equal(SrtpResult.Ok, native.ProtectRtcp(rtcp, srtcpNative, out _));
        Assert.Equal(SrtpResult.Ok, portable.ProtectRtcp(rtcp, srtcpPortable, out _));
        Assert.Equal(srtcpPortable, srtcpNative);
        Assert.Equal(SrtpResult.Ok, browser.UnprotectRtcp(srtcpNative, new byte[rtcp.Length], out _));
    }

    private static IAesGcmSealer Create(string kind)
    {
        if (kind != "native")
        {
            return new PortableAesGcmSealer(Key, 16);
        }

        Assert.True(AesGcmSealer.NativeAvailable, "libcrypto's EVP functions should resolve on Linux");
        return new OpenSslAesGcmSealer(Key);
    }

    private static byte[] Seal(IAesGcmSealer sealer, byte[] nonce, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[plaintext.Length + 16];
        sealer.Seal(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), associatedData);
        return output;
    }

    private static byte[] ProtectInPlace(SrtpContext context, byte[] rtp)
    {
        var buffer = new byte[rtp.Length + context.RtpOverhead];
        rtp.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(buffer.AsSpan(0, rtp.Length), buffer, out var written));
        return buffer[..written];
    }
}
