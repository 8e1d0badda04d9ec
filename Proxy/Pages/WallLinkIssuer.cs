using System.Globalization;
using SecureStream.Policy.Access;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.SignedUrls;

namespace SecureStream.Proxy.Pages;

/// <summary>
/// Signs the demo wall's links: short-lived anonymous OME SignedPolicy links (no <c>sub</c>), one
/// per demo clip, with the first current key of the virtual host this request's Host header
/// selects — the same virtual host the gate will check the link against. The links are made by
/// <see cref="SignedUrlSigner.CreateLink"/>, the signer the <c>sign</c> CLI uses; there is no
/// second signer. They are only as powerful as policy.json lets anonymous links be
/// (<c>anonymousLinks.cameras</c>), and exist only while demo cameras are enabled.
/// </summary>
internal sealed class WallLinkIssuer(PolicyStore policy, TimeProvider time)
{
    /// <summary>The app the demo cameras are published under (appsettings.json's <c>OriginMap</c> maps <c>/demo</c> to them).</summary>
    public const string DemoApp = "demo";

    /// <summary>Long enough to open the wall and reconnect a few times; short enough that a copied link soon stops working.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Links for <paramref name="cameraNames"/>, signed for the URL the browser will POST to:
    /// this request's scheme and Host header, with the port made explicit as the gate does
    /// (the listener's own port when the header has none). Otherwise the refusal's reason:
    /// <see cref="AccessReason.UnknownHost"/> when no virtual host serves this Host header,
    /// <see cref="AccessReason.KeyRetired"/> when every key it has is retired.
    /// </summary>
    public bool TryIssue(HttpRequest request, IEnumerable<string> cameraNames, out IReadOnlyList<WallLink> links, out AccessReason refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cameraNames);
        links = [];
        refusal = AccessReason.UnknownHost;
        var ring = policy.Current.SignedUrls;
        var hostHeader = request.Headers.Host.ToString();
        if (!ring.TryResolve(hostHeader, out var virtualHost))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var key = virtualHost!.Keys.FirstOrDefault(k => !k.IsRetiredAt(now));
        if (key is null)
        {
            refusal = AccessReason.KeyRetired;
            return false;
        }

        var origin = OriginOf(request, hostHeader);
        var claims = new SignedPolicyClaims(now + LinkLifetime);
        var issued = new List<WallLink>();
        foreach (var name in cameraNames)
        {
            var baseUrl = new Uri($"{origin}/{DemoApp}/{name}/whep");
            var link = SignedUrlSigner.CreateLink(baseUrl, claims, key.Id, key.Secret, key.Algorithm, ring.Names);
            // Same-origin and relative: the page POSTs to exactly the target that was signed.
            issued.Add(new WallLink(DemoApp + "/" + name, new Uri(link).PathAndQuery));
        }

        links = issued;
        refusal = AccessReason.Allowed;
        return true;
    }

    private static string OriginOf(HttpRequest request, string hostHeader)
    {
        var scheme = request.IsHttps ? "https" : "http";
        var host = new HostString(hostHeader);
        var port = host.Port ?? request.HttpContext.Connection.LocalPort;
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host.Host}:{port}");
    }
}
