using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtsp;
using SecureStream.Policy.Secrets;

namespace SecureStream.Media.Tests.Rtsp;

/// <summary>RTSPS against a real TLS server on loopback with a self-signed certificate.</summary>
public sealed class RtspTlsTests : IDisposable
{
    private readonly X509Certificate2 _certificate;

    public RtspTlsTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public void Dispose() => _certificate.Dispose();

    private static CancellationToken Bound() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private RtspClientOptions Pinned => new()
    {
        // Cameras carry self-signed certificates; configuration pins the one expected.
        ServerCertificateValidation = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString(),
    };

    [Fact]
    public async Task StartAsync_RtspsWithPinnedCertificate_PlaysAndAllowsBasic()
    {
        await using var server = new ScriptedRtspServer(r => r.Header("Authorization") is null
            ? ScriptedRtspServer.Reply(r, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"cam\"\r\n")
            : null)
        { Certificate = _certificate };
        var receiver = new RecordingRtpReceiver();
        await using var session = await RtspSession.StartAsync(
            server.Url(), new RtspCredentials("admin", SecretValue.FromText("secret")), Pinned, receiver, TimeProvider.System, NullLogger.Instance, Bound());
        await receiver.FirstRtp(0).WaitAsync(Bound());
        Assert.StartsWith("Basic ", server.Requests.Last(r => r.Header("Authorization") is not null).Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_RtspsUntrustedCertificate_RefusedTlsFailed()
    {
        await using var server = new ScriptedRtspServer { Certificate = _certificate };
        var ex = await Assert.ThrowsAsync<CameraSourceException>(() => RtspSession.StartAsync(
            server.Url(), null, new RtspClientOptions(), new RecordingRtpReceiver(), TimeProvider.System, NullLogger.Instance, Bound()));
        Assert.Equal(RtspFailureReasons.TlsFailed, ex.Reason);
    }
}
