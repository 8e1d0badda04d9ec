using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Tests.Interop;
using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

/// <summary>
/// The DTLS server against software nobody here wrote: <c>openssl s_client -dtls1_2 -use_srtp</c>
/// over real UDP on loopback, presenting its own certificate, exporting the SRTP keys with
/// <c>-keymatexport EXTRACTOR-dtls_srtp</c> (RFC 5764 §4.2) so both sides' keys can be compared.
/// </summary>
public sealed class DtlsOpenSslInteropTests : IDisposable
{
    // Looked up on every run: a machine without openssl fails each test here, naming the package.
    private static string OpenSsl => RequiredProgram.Find("/usr/bin/openssl", "openssl");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("dtls-openssl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80", 56, "SRTP_AEAD_AES_128_GCM", 0x0007)]
    [InlineData("SRTP_AES128_CM_SHA1_80", 60, "SRTP_AES128_CM_SHA1_80", 0x0001)]
    public async Task OpenSslClient_WithItsCertificate_NegotiatesTheProfileAndExportsTheSameKeys(
        string offer, int keyLength, string expectedName, int expectedProfile)
    {
        var (certificatePath, keyPath, fingerprint) = await MakeClientCertificate();
        await using var run = await HandshakeWithOpenSsl(fingerprint, offer, keyLength, certificatePath, keyPath);

        Assert.True(run.Result.Succeeded, run.Result.FailureReason + "\n" + run.Output);
        Assert.Equal(expectedProfile, (int)run.Result.Profile);
        Assert.Contains($"SRTP Extension negotiated, profile={expectedName}", run.Output, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(run.Result.KeyingMaterial), KeyingMaterialOf(run.Output));
        // s_client read EOF on stdin and closed with close_notify.
        Assert.Equal(DtlsEndReasons.CloseNotify, await run.Session.Ended.WaitAsync(Timeout));
    }

    [Fact]
    public async Task OpenSslClient_CertificateNotTheOneInItsSdp_FailsWithFingerprintMismatch()
    {
        var (certificatePath, keyPath, _) = await MakeClientCertificate();
        var other = DtlsCertificate.Generate(TimeProvider.System).Fingerprint;
        await using var run = await HandshakeWithOpenSsl(other, "SRTP_AES128_CM_SHA1_80", 60, certificatePath, keyPath);

        Assert.False(run.Result.Succeeded);
        Assert.Equal(DtlsFailureReasons.FingerprintMismatch, run.Result.FailureReason);
        Assert.Empty(run.Result.KeyingMaterial);
    }

    [Fact]
    public async Task OpenSslClient_WithoutCertificate_FailsWithNoClientCertificate()
    {
        var (_, _, fingerprint) = await MakeClientCertificate();
        await using var run = await HandshakeWithOpenSsl(fingerprint, "SRTP_AES128_CM_SHA1_80", 60, null, null);

        Assert.Equal(DtlsFailureReasons.NoClientCertificate, run.Result.FailureReason);
    }

    private static string? KeyingMaterialOf(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("Keying material:", StringComparison.Ordinal))
            {
                return trimmed["Keying material:".Length..].Trim().ToUpperInvariant();
            }
        }

        return null;
    }

    private async Task<(string Certificate, string Key, DtlsFingerprint Fingerprint)> MakeClientCertificate()
    {
        var certificatePath = Path.Combine(_directory, "client.pem");
        var keyPath = Path.Combine(_directory, "client.key");
        await RunOpenSsl(
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
             "-subj", "/CN=openssl-client", "-keyout", keyPath, "-out", certificatePath],
            stdin: null);
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath));
        return (certificatePath, keyPath, DtlsFingerprint.OfCertificate(certificate.RawData));
    }

    private static async Task<OpenSslRun> HandshakeWithOpenSsl(
        DtlsFingerprint expectedClientFingerprint, string offer, int keyLength, string? certificatePath, string? keyPath)
    {
        var channel = new UdpLoopbackChannel();
        var session = new DtlsServerSession("openssl", DtlsCertificate.Generate(TimeProvider.System), expectedClientFingerprint,
            channel, new DtlsOptions(), TimeProvider.System, NullLogger<DtlsServerSession>.Instance);
        channel.Start(session);

        List<string> arguments =
        [
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{channel.Port}", "-use_srtp", offer,
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", keyLength.ToString(),
        ];
        if (certificatePath is not null)
        {
            arguments.AddRange(["-cert", certificatePath, "-key", keyPath!]);
        }

        var handshake = session.HandshakeAsync(CancellationToken.None);
        var output = await RunOpenSsl(arguments, stdin: "");
        var result = await handshake.WaitAsync(Timeout);
        return new OpenSslRun(result, output, session, channel);
    }

    private static async Task<string> RunOpenSsl(IEnumerable<string> arguments, string? stdin)
    {
        var start = new ProcessStartInfo(OpenSsl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return await stdout + await stderr;
    }

    private sealed record OpenSslRun(DtlsHandshakeResult Result, string Output, DtlsServerSession Session, UdpLoopbackChannel Channel)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Session.DisposeAsync();
            await Channel.DisposeAsync();
        }
    }
}
