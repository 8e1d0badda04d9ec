using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

public sealed class DtlsOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new DtlsOptionsValidator().Validate(null, new DtlsOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryKeyAtOnce()
    {
        var options = new DtlsOptions
        {
            HandshakeTimeout = TimeSpan.Zero,
            MaxSendDatagramSize = 100,
            MaxReceiveDatagramSize = 70000,
            ReceiveQueueCapacity = 0,
        };

        var result = new DtlsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:HandshakeTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:MaxSendDatagramSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:MaxReceiveDatagramSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:ReceiveQueueCapacity", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SrtpProfilesInAnyCaseAndOrder_Succeed()
    {
        var options = new DtlsOptions { SrtpProfiles = ["srtp_aes128_cm_hmac_sha1_80", "SRTP_AEAD_AES_128_GCM"] };

        Assert.True(new DtlsOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal([SrtpProfileId.AesCm128HmacSha1_80, SrtpProfileId.AeadAes128Gcm], SrtpProfileNames.Preference(options.SrtpProfiles));
    }

    [Fact]
    public void Preference_Unset_IsGcmThenCm()
    {
        Assert.Equal([SrtpProfileId.AeadAes128Gcm, SrtpProfileId.AesCm128HmacSha1_80], SrtpProfileNames.Preference(null));
    }

    [Theory]
    [InlineData("SRTP_AES128_CM_HMAC_SHA1_32", "does not implement")]
    [InlineData("AES_CM_128_HMAC_SHA1_80", "does not implement")]
    [InlineData("", "does not implement")]
    public void Validate_UnknownSrtpProfile_NamesTheKeyAndTheSupportedNames(string name, string expected)
    {
        var result = new DtlsOptionsValidator().Validate(null, new DtlsOptions { SrtpProfiles = [SrtpProfileNames.AeadAes128Gcm, name] });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("WebRtc:Dtls:SrtpProfiles", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
        Assert.Contains(SrtpProfileNames.AesCm128HmacSha1_80, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SrtpProfileTwiceOrNone_Refused()
    {
        var twice = new DtlsOptionsValidator().Validate(null, new DtlsOptions { SrtpProfiles = [SrtpProfileNames.AeadAes128Gcm, "srtp_aead_aes_128_gcm"] });
        var none = new DtlsOptionsValidator().Validate(null, new DtlsOptions { SrtpProfiles = [] });

        Assert.Contains("twice", Assert.Single(twice.Failures!), StringComparison.Ordinal);
        Assert.Contains("is empty", Assert.Single(none.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void ProfilePreference_ParsedOnceForEverySession_AgainWhenTheListIsReplaced()
    {
        var options = new DtlsOptions { SrtpProfiles = [SrtpProfileNames.AesCm128HmacSha1_80] };

        var first = options.ProfilePreference;
        Assert.Same(first, options.ProfilePreference);
        Assert.Equal([SrtpProfileId.AesCm128HmacSha1_80], first);

        options.SrtpProfiles = null;
        Assert.Equal([SrtpProfileId.AeadAes128Gcm, SrtpProfileId.AesCm128HmacSha1_80], options.ProfilePreference);
    }
}
