using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

/// <summary>Known-answer tests: RFC 3711 Appendix B, RFC 7714 §16-17, and libsrtp's reference packet.</summary>
public sealed class SrtpVectorTests
{
    // RFC 3711 Appendix B.3.
    private static readonly byte[] B3MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] B3MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

    // RFC 7714 §16-17: session key and salt given directly.
    private static readonly byte[] GcmKey = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSalt = Hex("517569642070726f2071756f");

    [Fact]
    public void AesCounterMode_Rfc3711B2_ProducesKeystream()
    {
        // RFC 3711 B.2: session key 2B7E..., IV F0F1...FCFD0000; keystream blocks 0, 1, 2 and FEFF, FF00, FF01.
        using var counterMode = new AesCounterMode(Hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        var keystream = new byte[0xFF02 * 16];
        counterMode.Transform(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream, keystream);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4"), keystream[..16]);
        Assert.Equal(Hex("D23513162B02D0F72A43A2FE4A5F97AB"), keystream[16..32]);
        Assert.Equal(Hex("41E95B3BB0A2E8DD477901E4FCA894C0"), keystream[32..48]);
        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4"), keystream[(0xFEFF * 16)..(0xFF00 * 16)]);
        Assert.Equal(Hex("362B7C3C6773516318A077D7FC5073AE"), keystream[(0xFF00 * 16)..(0xFF01 * 16)]);
        Assert.Equal(Hex("6A2CC3787889374FBEB4C81B17BA6C44"), keystream[(0xFF01 * 16)..]);
    }

    [Fact]
    public void ApplyKeystream_Rfc3711B2SaltAndZeroIndex_MatchesKeystream()
    {
        // The same vector through the SRTP IV formation: salt F0..FD, SSRC 0, index 0.
        using var cipher = new SrtpCipher(
            SrtpProtectionProfile.AesCm128HmacSha1Tag80,
            Hex("2B7E151628AED2A6ABF7158809CF4F3C"),
            Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20]);
        var data = new byte[48];
        cipher.ApplyKeystream(0, 0, data, data);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), data);
    }

    [Fact]
    public void Derive_Rfc3711B3_CipherKeySaltAndAuthKey()
    {
        var cipherKey = new byte[16];
        var salt = new byte[14];
        var authKey = new byte[20];
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpEncryptionLabel, cipherKey);
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpSaltLabel, salt);
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authKey);

        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), cipherKey);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), salt);
        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), authKey);
    }

    [Fact]
    public void Derive_GcmTwelveByteSalt_PadsLikeLibsrtp()
    {
        // RFC 7714 gives no KDF vector; this is the session salt libsrtp and webrtc-rs derive for
        // master key 00..0f, master salt 40..4b (the 96-bit salt zero-padded on the right).
        var salt = new byte[12];
        SrtpKeyDerivation.Derive(Hex("000102030405060708090a0b0c0d0e0f"), Hex("404142434445464748494a4b"), SrtpKeyDerivation.RtpSaltLabel, salt);

        Assert.Equal(Hex("1fcd5d561e66dc49ec1c3ccb"), salt);
    }

    [Fact]
    public void ProtectRtp_LibsrtpReferencePacket_MatchesFromMasterKey()
    {
        // libsrtp test/srtp_driver.c: AES_CM_128_HMAC_SHA1_80 with the RFC 3711 B.3 master key; covers
        // KDF, AES-CM and HMAC-SHA1 together.
        var keys = SrtpSessionKeys.Derive(SrtpProtectionProfile.AesCm128HmacSha1Tag80, B3MasterKey, B3MasterSalt);
        using var context = new SrtpContext(keys, keys);
        var plain = Hex("800f1234decafbadcafebabe abababababababababababababababab");
        var expected = Hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");

        Assert.Equal(expected, Protect(context, plain));
        Assert.Equal(SrtpResult.Ok, Unprotect(context, expected, out var roundTrip));
        Assert.Equal(plain, roundTrip);
    }

    [Fact]
    public void ProtectRtcp_LibsrtpReferencePacket_MatchesAtIndexOne()
    {
        // libsrtp test/srtp_driver.c SRTCP reference: same master key, SRTCP index 1 (libsrtp counts
        // from 1; RFC 3711 §3.4 and we from 0, so the second packet carries index 1).
        var keys = SrtpSessionKeys.Derive(SrtpProtectionProfile.AesCm128HmacSha1Tag80, B3MasterKey, B3MasterSalt);
        using var sender = new SrtpContext(keys, keys);
        using var receiver = new SrtpContext(keys, keys);
        var plain = Hex("81c8000bcafebabe abababababababababababababababab");
        var expected = Hex("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");

        _ = ProtectRtcp(sender, plain);

        Assert.Equal(expected, ProtectRtcp(sender, plain));
        Assert.Equal(SrtpResult.Ok, UnprotectRtcp(receiver, expected, out var roundTrip));
        Assert.Equal(plain, roundTrip);
    }

    [Fact]
    public void ProtectRtp_Rfc7714Section16_MatchesVector()
    {
        using var context = GcmVectorContext();
        var plain = Hex("8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");
        var expected = Hex(
            "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
            + "899d7f27 beb16a91 52cf765e e4390cce");

        Assert.Equal(expected, Protect(context, plain));
    }

    [Fact]
    public void UnprotectRtp_Rfc7714Section16_RecoversPlaintext()
    {
        using var context = GcmVectorContext();
        var protectedPacket = Hex(
            "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
            + "899d7f27 beb16a91 52cf765e e4390cce");

        Assert.Equal(SrtpResult.Ok, Unprotect(context, protectedPacket, out var plain));
        Assert.Equal(Hex("8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573"), plain);
    }

    [Fact]
    public void ProtectRtcp_Rfc7714Section17_MatchesVectorAtIndex0x5d4()
    {
        using var context = GcmVectorContext();
        var rtcp = Hex("81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

        // The vector uses SRTCP index 0x5d4; the sender counts from 0.
        for (var i = 0; i < 0x5d4; i++)
        {
            _ = ProtectRtcp(context, rtcp);
        }

        Assert.Equal(Rfc7714Srtcp, ProtectRtcp(context, rtcp));
    }

    [Fact]
    public void UnprotectRtcp_Rfc7714Section17_RecoversPlaintext()
    {
        using var context = GcmVectorContext();

        Assert.Equal(SrtpResult.Ok, UnprotectRtcp(context, Rfc7714Srtcp, out var rtcp));
        Assert.Equal(Hex("81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef"), rtcp);
    }

    private static readonly byte[] Rfc7714Srtcp = Hex(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b"
        + "c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    private static SrtpContext GcmVectorContext()
    {
        var keys = new SrtpSessionKeys(SrtpProtectionProfile.AeadAes128Gcm, GcmKey, GcmSalt, [], GcmKey, GcmSalt, []);
        return new SrtpContext(keys, keys);
    }
}
