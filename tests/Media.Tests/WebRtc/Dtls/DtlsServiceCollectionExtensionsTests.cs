using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

public sealed class DtlsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDtls_OneCertificateForAllSessions_AndTheSessionPresentsIt()
    {
        using var provider = Build(new Dictionary<string, string?> { ["WebRtc:Dtls:HandshakeTimeout"] = "00:00:05" });
        var factory = provider.GetRequiredService<DtlsSessionFactory>();
        var store = provider.GetRequiredService<DtlsCertificateStore>();

        var first = factory.Create("a", store.Current.Fingerprint, new DtlsTestPipe());
        var second = factory.Create("b", store.Current.Fingerprint, new DtlsTestPipe());

        Assert.Same(store.Current, first.LocalCertificate);
        Assert.Same(first.LocalCertificate, second.LocalCertificate);
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptions<DtlsOptions>>().Value.HandshakeTimeout);
    }

    [Fact]
    public async Task Rotate_SessionsAlreadyMadeKeepTheCertificateTheirSdpAnnounced()
    {
        using var provider = Build([]);
        var factory = provider.GetRequiredService<DtlsSessionFactory>();
        var store = provider.GetRequiredService<DtlsCertificateStore>();
        await using var before = factory.Create("before", store.Current.Fingerprint, new DtlsTestPipe());

        var rotated = store.Rotate();
        await using var after = factory.Create("after", store.Current.Fingerprint, new DtlsTestPipe());

        Assert.NotSame(rotated, before.LocalCertificate);
        Assert.Same(rotated, after.LocalCertificate);
    }

    [Fact]
    public void AddDtls_InvalidSettings_RefusedWithEveryKeyNamed()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["WebRtc:Dtls:HandshakeTimeout"] = "00:10:00",
            ["WebRtc:Dtls:ReceiveQueueCapacity"] = "1",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DtlsOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void AddDtls_SrtpProfilesFromConfiguration_BoundInOrderAndChecked()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["WebRtc:Dtls:SrtpProfiles:0"] = "SRTP_AES128_CM_HMAC_SHA1_80",
            ["WebRtc:Dtls:SrtpProfiles:1"] = "SRTP_AEAD_AES_128_GCM",
        });
        using var wrong = Build(new Dictionary<string, string?> { ["WebRtc:Dtls:SrtpProfiles:0"] = "SRTP_NULL_HMAC_SHA1_80" });

        Assert.Equal(["SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM"], provider.GetRequiredService<IOptions<DtlsOptions>>().Value.SrtpProfiles);
        var error = Assert.Throws<OptionsValidationException>(() => wrong.GetRequiredService<IOptions<DtlsOptions>>().Value);
        Assert.Contains("WebRtc:Dtls:SrtpProfiles", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDtls();
        return services.BuildServiceProvider();
    }
}
