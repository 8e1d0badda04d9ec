using System.Security.Cryptography;
using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

public sealed class DtlsFingerprintTests
{
    private const string Chrome = "sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08";

    public static TheoryData<string, string?> Refused => new()
    {
        { "null", null },
        { "empty", "" },
        { "no hash name", "7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08" },
        { "sha-1", "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB" },
        { "sha-512 name on a sha-256 value", Chrome.Replace("sha-256", "sha-512", StringComparison.Ordinal) },
        { "one byte short", Chrome[..^3] },
        { "one byte long", Chrome + ":00" },
        { "not hex", Chrome.Replace("7B", "7G", StringComparison.Ordinal) },
        { "dashes instead of colons", Chrome.Replace(':', '-') },
        { "no separators", "sha-256 " + Chrome[8..].Replace(":", "", StringComparison.Ordinal) },
    };

    [Fact]
    public void TryParse_ChromeStyleValue_RoundTripsToUpperCaseSdp()
    {
        Assert.True(DtlsFingerprint.TryParse(Chrome, out var fingerprint));
        Assert.Equal(Chrome, fingerprint.SdpValue);
        Assert.Equal(0x7B, fingerprint.Hash[0]);
        Assert.Equal(32, fingerprint.Hash.Length);
    }

    [Fact]
    public void TryParse_LowerCaseAndUpperCaseHashName_Accepted()
    {
        Assert.True(DtlsFingerprint.TryParse("SHA-256 " + Chrome[8..].ToLowerInvariant(), out var fingerprint));
        Assert.Equal(Chrome, fingerprint.SdpValue);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryParse_Malformed_Refused(string name, string? value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out var fingerprint), name);
        Assert.Null(fingerprint);
    }

    [Fact]
    public void Matches_HashOfTheCertificate_TrueAndAnyOtherBytes_False()
    {
        var der = RandomNumberGenerator.GetBytes(300);
        var fingerprint = DtlsFingerprint.OfCertificate(der);

        Assert.True(fingerprint.Matches(der));
        der[^1] ^= 1;
        Assert.False(fingerprint.Matches(der));
    }

    [Fact]
    public void OfCertificate_IsTheSha256OfTheDer()
    {
        var der = RandomNumberGenerator.GetBytes(100);

        Assert.Equal(SHA256.HashData(der), DtlsFingerprint.OfCertificate(der).Hash.ToArray());
    }
}
