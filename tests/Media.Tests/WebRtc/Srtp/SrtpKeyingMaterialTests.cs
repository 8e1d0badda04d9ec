using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

public sealed class SrtpKeyingMaterialTests
{
    [Fact]
    public void FromDtlsExporter_Server_WritesWithServerKeyAndSalt()
    {
        // RFC 5764 §4.2: client key | server key | client salt | server salt.
        var exported = Exporter(SrtpProtectionProfile.AesCm128HmacSha1Tag80);

        var server = SrtpKeyingMaterial.FromDtlsExporter(exported, SrtpProtectionProfile.AesCm128HmacSha1Tag80, SrtpEndpointRole.Server);
        var client = SrtpKeyingMaterial.FromDtlsExporter(exported, SrtpProtectionProfile.AesCm128HmacSha1Tag80, SrtpEndpointRole.Client);

        Assert.Equal(exported[16..32], server.LocalMasterKey.ToArray());
        Assert.Equal(exported[46..60], server.LocalMasterSalt.ToArray());
        Assert.Equal(exported[..16], server.RemoteMasterKey.ToArray());
        Assert.Equal(exported[32..46], server.RemoteMasterSalt.ToArray());
        Assert.Equal(server.LocalMasterKey.ToArray(), client.RemoteMasterKey.ToArray());
        Assert.Equal(server.RemoteMasterSalt.ToArray(), client.LocalMasterSalt.ToArray());
    }

    [Fact]
    public void FromDtlsExporter_Gcm_UsesTwelveByteSalts()
    {
        var exported = Exporter(SrtpProtectionProfile.AeadAes128Gcm);

        var server = SrtpKeyingMaterial.FromDtlsExporter(exported, SrtpProtectionProfile.AeadAes128Gcm, SrtpEndpointRole.Server);

        Assert.Equal(56, exported.Length);
        Assert.Equal(exported[44..56], server.LocalMasterSalt.ToArray());
        Assert.Equal(exported[32..44], server.RemoteMasterSalt.ToArray());
    }

    [Fact]
    public void FromDtlsExporter_WrongLengthOrProfile_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            SrtpKeyingMaterial.FromDtlsExporter(new byte[59], SrtpProtectionProfile.AesCm128HmacSha1Tag80, SrtpEndpointRole.Server));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SrtpKeyingMaterial.FromDtlsExporter(new byte[60], (SrtpProtectionProfile)2, SrtpEndpointRole.Server));
    }

    [Fact]
    public void ToString_NeverShowsKeys()
    {
        var exported = Exporter(SrtpProtectionProfile.AeadAes128Gcm);
        var material = SrtpKeyingMaterial.FromDtlsExporter(exported, SrtpProtectionProfile.AeadAes128Gcm, SrtpEndpointRole.Server);
        var keys = SrtpSessionKeys.Derive(material.Profile, material.LocalMasterKey, material.LocalMasterSalt);

        Assert.DoesNotContain(Convert.ToHexString(material.LocalMasterKey), material.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redacted", material.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(keys.RtpKey), keys.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
