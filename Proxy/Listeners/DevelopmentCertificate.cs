using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureStream.Proxy.Listeners;

/// <summary>
/// Loads the HTTPS certificate, or creates a self-signed one for development on first run (ECDSA
/// P-256, localhost and 127.0.0.1, one year). The private key stays on this machine: certs/*.pfx
/// is git-ignored.
/// </summary>
internal static class DevelopmentCertificate
{
    public static X509Certificate2 LoadOrCreate(string path, string? password, bool createWhenMissing)
    {
        if (File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }

        if (!createWhenMissing)
        {
            throw new FileNotFoundException($"HTTPS certificate {path} does not exist; create it (see certs/README.md) or disable Listeners:Https");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=SecureStream development", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        var bytes = certificate.Export(X509ContentType.Pkcs12, password);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return X509CertificateLoader.LoadPkcs12(bytes, password);
    }
}
