using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.ViewerClient;

/// <summary>
/// A viewer's DTLS certificate, whose fingerprint its offer carries. Many viewers may share one,
/// as one browser reuses its own for every peer connection: a load run then measures sessions,
/// not key generation.
/// </summary>
internal sealed class ViewerIdentity
{
    private ViewerIdentity(DtlsCertificate certificate) => Certificate = certificate;

    public DtlsCertificate Certificate { get; }

    public static ViewerIdentity Generate(TimeProvider timeProvider) => new(DtlsCertificate.Generate(timeProvider));

    public override string ToString() => Certificate.ToString();
}
