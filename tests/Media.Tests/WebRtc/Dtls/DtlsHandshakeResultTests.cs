using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

public sealed class DtlsHandshakeResultTests
{
    [Fact]
    public void ToString_NeverPrintsTheKeys()
    {
        var material = Enumerable.Range(0xA0, 56).Select(i => (byte)i).ToArray();

        var text = DtlsHandshakeResult.Success(SrtpProfileId.AeadAes128Gcm, material).ToString();

        Assert.DoesNotContain("A0", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("160", text, StringComparison.Ordinal);
        Assert.Contains("56 bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_GcmSplit_Rfc7714Lengths()
    {
        var material = Enumerable.Range(0, 56).Select(i => (byte)i).ToArray();

        var result = DtlsHandshakeResult.Success(SrtpProfileId.AeadAes128Gcm, material);

        Assert.Equal(material[..16], result.ClientWriteKey.ToArray());
        Assert.Equal(material[16..32], result.ServerWriteKey.ToArray());
        Assert.Equal(material[32..44], result.ClientWriteSalt.ToArray());
        Assert.Equal(material[44..56], result.ServerWriteSalt.ToArray());
    }

    [Fact]
    public void Success_MaterialOfTheWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DtlsHandshakeResult.Success(SrtpProfileId.AesCm128HmacSha1_80, new byte[56]));
    }

    [Fact]
    public void Failure_HasNoKeysAndNoProfile()
    {
        var result = DtlsHandshakeResult.Failure(DtlsFailureReasons.Timeout);

        Assert.False(result.Succeeded);
        Assert.Empty(result.KeyingMaterial);
        Assert.Equal(SrtpProfileId.None, result.Profile);
        Assert.True(result.ServerWriteKey.IsEmpty);
        Assert.Equal("DtlsHandshakeResult(Failed, timeout)", result.ToString());
    }

    [Theory]
    [InlineData(0x0001, 60)]
    [InlineData(0x0007, 56)]
    public void KeyingMaterialLength_Rfc5764Section4_2(int profile, int expected)
    {
        Assert.Equal(expected, SrtpProfileLengths.KeyingMaterialLength((SrtpProfileId)profile));
    }
}
