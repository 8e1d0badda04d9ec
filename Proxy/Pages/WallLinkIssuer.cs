using System.Globalization;
using System.Security.Cryptography;
using SecureStream.Policy.Access;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;

namespace SecureStream.Proxy.Pages;

/// <summary>
/// Signs the demo wall's links: short-lived anonymous OME SignedPolicy links (no <c>sub</c>), one
/// per demo clip, each for the clip's substream (<c>rendition=sub</c>, docs/pages.md), with the demo wall's own key (<see cref="CreateKey"/>), never a key from
/// policy.json. The links are made by <see cref="SignedUrlSigner.CreateLink"/>, the signer the
/// <c>sign</c> CLI uses; there is no second signer.
/// </summary>
/// <remarks>
/// Security invariant: the key is 256 random bits made at start and kept in memory only, registered
/// with the link validator as a <see cref="ScopedSignedUrlKey"/> for the <see cref="DemoApp"/> app:
/// a link it signs opens a demo camera as an anonymous viewer and nothing else, whatever
/// policy.json entitles; it dies with the process.
/// </remarks>
internal sealed class WallLinkIssuer(PolicyStore policy, ScopedSignedUrlKey key, TimeProvider time)
{
    /// <summary>The app the demo cameras are published under (appsettings.json's <c>OriginMap</c> maps <c>/demo</c> to them).</summary>
    public const string DemoApp = "demo";

    /// <summary>Long enough to open the wall and reconnect a few times; short enough that a copied link soon stops working.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The key's id, named by every link (<c>kid</c>), so the validator tries only this key for them.</summary>
    public string KeyId => key.Key.Id;

    /// <summary>A fresh demo wall key: HMAC-SHA256, 256 random bits, scoped to <see cref="DemoApp"/>.</summary>
    public static ScopedSignedUrlKey CreateKey() => new(
        new SignedUrlKey(ScopedSignedUrlKey.DemoWallKeyId, SecretValue.FromBytes(RandomNumberGenerator.GetBytes(32)), SignedUrlAlgorithm.HmacSha256, null),
        DemoApp);

    /// <summary>
    /// Links for <paramref name="cameraNames"/>, signed for the URL the browser will POST to:
    /// this request's scheme and Host header, with the port made explicit as the gate does
    /// (the listener's own port when the header has none). Otherwise false:
    /// <see cref="AccessReason.UnknownHost"/> when no virtual host serves this Host header (the
    /// gate would refuse the links for that reason).
    /// </summary>
    public bool TryIssue(HttpRequest request, IEnumerable<string> cameraNames, out IReadOnlyList<WallLink> links, out DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cameraNames);
        links = [];
        var now = time.GetUtcNow();
        expires = now + LinkLifetime;
        var ring = policy.Current.SignedUrls;
        var hostHeader = request.Headers.Host.ToString();
        if (!ring.TryResolve(hostHeader, out _))
        {
            return false;
        }

        var origin = OriginOf(request, hostHeader);
        var claims = new SignedPolicyClaims(expires);
        var issued = new List<WallLink>();
        foreach (var name in cameraNames)
        {
            // Tiles are small: they play the substream (the main stream for a camera without one), and
            // the poster comes from the same rendition. The choice is signed with the link like every
            // other parameter; a signed link covers its path, so the poster gets its own, same claims.
            // Same-origin and relative: the page asks for exactly the target that was signed.
            var rendition = $"?{CameraRenditions.ParameterName}={CameraRendition.Sub.ToCode()}";
            issued.Add(new WallLink(
                DemoApp + "/" + name,
                Sign($"{origin}/{DemoApp}/{name}/whep{rendition}", claims, ring.Names),
                Sign($"{origin}/{DemoApp}/{name}/snapshot.jpg{rendition}", claims, ring.Names)));
        }

        links = issued;
        return true;
    }

    private string Sign(string url, SignedPolicyClaims claims, SignedUrlParameterNames names) =>
        new Uri(SignedUrlSigner.CreateLink(new Uri(url), claims, key.Key.Id, key.Key.Secret, key.Key.Algorithm, names)).PathAndQuery;

    private static string OriginOf(HttpRequest request, string hostHeader)
    {
        var scheme = request.IsHttps ? "https" : "http";
        var host = new HostString(hostHeader);
        var port = host.Port ?? request.HttpContext.Connection.LocalPort;
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host.Host}:{port}");
    }
}
