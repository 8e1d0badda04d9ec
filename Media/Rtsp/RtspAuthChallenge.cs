namespace SecureStream.Media.Rtsp;

/// <summary>One challenge from a <c>WWW-Authenticate</c> header (RFC 7235 §2.1, RFC 7616 §3.3).</summary>
/// <param name="Scheme">"Basic" or "Digest" (other schemes are dropped by the parser).</param>
/// <param name="Algorithm">Digest only: MD5, MD5-sess, SHA-256 or SHA-256-sess, upper-cased.</param>
/// <param name="QopAuth">Digest only: the server offered <c>qop=auth</c>.</param>
internal sealed record RtspAuthChallenge(
    string Scheme,
    string Realm,
    string? Nonce,
    string? Opaque,
    string Algorithm,
    bool QopAuth)
{
    public bool IsDigest => Scheme == "Digest";

    /// <summary>Higher is stronger: Digest SHA-256 over MD5, qop=auth over none, Basic last.</summary>
    public int Strength =>
        !IsDigest ? 0 : (Algorithm.StartsWith("SHA-256", StringComparison.Ordinal) ? 20 : 10) + (QopAuth ? 1 : 0);
}
