using System.Globalization;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tokens;

namespace SecureStream.Proxy.Links;

/// <summary>
/// Makes viewer links: the signalling URLs a viewer uses, OME signed links for them, tokens, and
/// the player page URL (<c>/play/{app}/{stream}</c>, docs/pages.md) carrying either. The one
/// minting code behind the <c>sign</c> command (docs/links.md, "The sign command") and the
/// management API's link form (docs/console.md); the signatures come from
/// <see cref="SignedUrlSigner"/> and <see cref="TokenLinkIssuer"/>, so there is no second signer.
/// </summary>
/// <remarks>
/// Security invariant: a signed link covers scheme, host, port, path and query, so every URL is
/// written with its port, and the player page carries the query signed for the WHEP URL it posts
/// to (the page passes its own query on unchanged). The results are credentials: callers hand
/// them to whoever asked and log or audit only their ids.
/// </remarks>
internal static class ViewerLinkMinter
{
    /// <summary>
    /// Where a viewer signals: <c>/app/stream</c> over ws(s) for OvenPlayer, or with
    /// <paramref name="whep"/> <c>/app/stream/whep</c> over http(s). The scheme follows the
    /// signalling, whatever scheme <paramref name="viewerBase"/> was given in (ws ↔ http,
    /// wss ↔ https), because the scheme is signed.
    /// </summary>
    public static string SignallingUrl(Uri viewerBase, string camera, bool whep) =>
        whep ? WhepUrl(viewerBase, camera, CameraRendition.Main) : $"{Origin(viewerBase, secure => secure ? "wss" : "ws")}/{camera}";

    /// <summary><c>http(s)://host:port/app/stream/whep</c>, with <c>?rendition=sub</c> for the substream.</summary>
    public static string WhepUrl(Uri viewerBase, string camera, CameraRendition rendition) =>
        $"{Origin(viewerBase, Http)}/{camera}/whep{RenditionQuery(rendition)}";

    /// <summary>The player page of a camera, without a credential.</summary>
    public static string PlayerPage(Uri viewerBase, string camera) => $"{Origin(viewerBase, Http)}/play/{camera}";

    /// <summary>An OME signed link for <paramref name="url"/>.</summary>
    public static string Sign(string url, SignedPolicyClaims claims, string? keyId, SecretValue secret, SignedUrlAlgorithm algorithm, SignedUrlParameterNames names) =>
        SignedUrlSigner.CreateLink(new Uri(url), claims, keyId, secret, algorithm, names);

    /// <summary>
    /// The player page carrying a link signed for the WHEP URL it will post to (same scheme, host
    /// and port; the rendition signed with the rest).
    /// </summary>
    public static string SignedPlayerPage(
        Uri viewerBase, string camera, CameraRendition rendition, SignedPolicyClaims claims, string? keyId, SecretValue secret, SignedUrlAlgorithm algorithm, SignedUrlParameterNames names)
    {
        var whep = Sign(WhepUrl(viewerBase, camera, rendition), claims, keyId, secret, algorithm, names);
        return PlayerPage(viewerBase, camera) + whep[whep.IndexOf('?', StringComparison.Ordinal)..];
    }

    /// <summary>
    /// The player page with a token in its fragment (<c>#token=</c>: a fragment never leaves the
    /// browser, the page sends it as <c>Authorization: Bearer</c>); the substream is asked for in
    /// the query, which a token does not cover.
    /// </summary>
    public static string TokenPlayerPage(Uri viewerBase, string camera, CameraRendition rendition, string token) =>
        PlayerPage(viewerBase, camera) + RenditionQuery(rendition) + "#token=" + token;

    /// <summary>Signs a token with key <paramref name="keyId"/> of <paramref name="ring"/>; false with a message naming the fix.</summary>
    public static bool TryMintToken(TokenKeyRing ring, string keyId, TokenIssueRequest request, TimeProvider time, out string? token, out string problem) =>
        new TokenLinkIssuer(time).TryIssue(ring, keyId, request, out token, out problem);

    /// <summary>A fresh link id (<c>jti</c>): 64 random bits as 16 hex digits, unguessable and short enough for the audit's <c>credential_id</c>.</summary>
    public static string NewLinkId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private static string RenditionQuery(CameraRendition rendition) =>
        rendition == CameraRendition.Sub ? $"?{CameraRenditions.ParameterName}={rendition.ToCode()}" : string.Empty;

    private static string Http(bool secure) => secure ? "https" : "http";

    /// <summary><c>scheme://host:port</c> of <paramref name="viewerBase"/>, the port always written (it is signed).</summary>
    private static string Origin(Uri viewerBase, Func<bool, string> scheme)
    {
        var secure = viewerBase.Scheme is "wss" or "https";
        var port = viewerBase.Port >= 0 ? viewerBase.Port : secure ? 443 : 80;
        return $"{scheme(secure)}://{viewerBase.Host}:{port.ToString(CultureInfo.InvariantCulture)}";
    }
}
