using System.Globalization;
using System.Net;
using System.Text;
using SecureStream.Media.Sdp;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.ViewerClient;

/// <summary>
/// Plays a gateway that offers (<see cref="IServerOfferSignalling"/>) through the viewer's
/// offer-first path, so <see cref="WebRtcViewer"/> needs no second code path: the viewer's own
/// offer is read only for its ICE credentials and certificate fingerprint, the answer to the
/// gateway's offer is written with those (<see cref="ViewerAnswerWriter"/>), and the gateway's
/// offer is handed back in place of an answer — it carries everything the viewer acts on (ICE
/// credentials, fingerprint, candidates, the tracks the gateway sends), which
/// <see cref="ViewerAnswerReader"/> reads as it reads an answer.
/// </summary>
internal sealed class ServerOfferSignalling(IServerOfferSignalling inner) : IViewerSignalling, IViewerCandidateSignalling
{
    // RFC 8445 §5.1.2.1: type preference 126 (host), local preference 65535, component 1.
    private const uint HostPriority = (126u << 24) | (65535u << 8) | 255u;

    private string? _mid;

    public async Task<string> ConnectAsync(string offer, CancellationToken cancellationToken)
    {
        if (!TryReadLocal(offer, out var ice, out var fingerprint))
        {
            throw new ViewerSignallingException("viewer_offer_unreadable");
        }

        var serverOffer = await inner.RequestOfferAsync(cancellationToken);
        if (!ViewerAnswerWriter.TryWrite(serverOffer, ice, fingerprint, out var answer, out var reason))
        {
            throw new ViewerSignallingException(reason);
        }

        await inner.SendAnswerAsync(answer, cancellationToken);
        _mid = ViewerAnswerWriter.FirstAcceptedMid(answer);
        return serverOffer;
    }

    public Task SendCandidateAsync(IPEndPoint local, CancellationToken cancellationToken) =>
        inner.SendCandidateAsync(
            string.Create(CultureInfo.InvariantCulture, $"candidate:1 1 udp {HostPriority} {local.Address} {local.Port} typ host"),
            _mid ?? throw new InvalidOperationException("No answer was sent yet."),
            cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    // The viewer's offer (ViewerOfferWriter) repeats its transport lines in every section; the first wins.
    private static bool TryReadLocal(string offer, out IceCredentials ice, out DtlsFingerprint fingerprint)
    {
        ice = null!;
        fingerprint = null!;
        if (!SdpParser.TryParse(Encoding.UTF8.GetBytes(offer), SdpLimits.BrowserMaxAttributesPerSection, SdpLimits.BrowserMaxFormatsPerMedia, out var description, out _))
        {
            return false;
        }

        var attributes = description!.Attributes.Concat(description.Media.SelectMany(m => m.Attributes)).ToList();
        var ufrag = attributes.Find(a => a.Name == "ice-ufrag")?.Value.Trim();
        var password = attributes.Find(a => a.Name == "ice-pwd")?.Value.Trim();
        if (ufrag is null || password is null || !DtlsFingerprint.TryParse(attributes.Find(a => a.Name == "fingerprint")?.Value.Trim(), out var parsed))
        {
            return false;
        }

        ice = new IceCredentials(ufrag, password);
        fingerprint = parsed;
        return true;
    }
}
