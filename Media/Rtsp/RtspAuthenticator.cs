using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// Answers a camera's authentication challenges for one connection. Digest is always preferred
/// (SHA-256 over MD5); Basic sends the password in clear text, so it is used only over TLS or when
/// the camera's configuration says <c>AllowBasicOverPlainText</c>; and once a camera offered Digest,
/// a later demand for Basic alone is a downgrade attempt and is refused.
/// </summary>
internal sealed class RtspAuthenticator
{
    private readonly RtspCredentials? _credentials;
    private readonly bool _basicAllowed;
    private readonly Func<string> _newCnonce;
    private RtspAuthChallenge? _challenge;
    private bool _digestOffered;
    private int _nonceCount;

    /// <param name="basicAllowed">The connection is TLS, or the camera is configured to allow Basic over plain TCP.</param>
    /// <param name="newCnonce">Client nonces; tests pass a fixed one to reproduce RFC vectors.</param>
    public RtspAuthenticator(RtspCredentials? credentials, bool basicAllowed, Func<string>? newCnonce = null)
    {
        _credentials = credentials;
        _basicAllowed = basicAllowed;
        _newCnonce = newCnonce ?? (() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    public bool HasChallenge => _challenge is not null;

    /// <summary>Picks the challenge to answer from a 401's <c>WWW-Authenticate</c> values.</summary>
    /// <param name="previousAttemptFailed">The request already carried an answer to the same kind of challenge.</param>
    public RtspAuthDecision OnUnauthorized(IEnumerable<string> wwwAuthenticate, bool previousAttemptFailed)
    {
        if (_credentials is null)
        {
            return RtspAuthDecision.Refuse(RtspFailureReasons.AuthRequired);
        }

        RtspAuthChallenge? best = null;
        foreach (var challenge in RtspAuthChallengeParser.Parse(wwwAuthenticate))
        {
            if (best is null || challenge.Strength > best.Strength)
            {
                best = challenge;
            }
        }

        if (best is null)
        {
            return RtspAuthDecision.Refuse(RtspFailureReasons.AuthUnsupported);
        }

        if (!best.IsDigest)
        {
            if (_digestOffered)
            {
                return RtspAuthDecision.Refuse(RtspFailureReasons.AuthDowngrade);
            }

            if (!_basicAllowed)
            {
                return RtspAuthDecision.Refuse(RtspFailureReasons.BasicNotAllowed);
            }
        }

        // A second 401 for an answer to a fresh nonce means the password is wrong; a stale nonce
        // (a new nonce with the same realm) deserves one more try, and the caller bounds the tries.
        if (previousAttemptFailed && _challenge is not null && (!best.IsDigest || best.Nonce == _challenge.Nonce))
        {
            return RtspAuthDecision.Refuse(RtspFailureReasons.AuthFailed);
        }

        _digestOffered |= best.IsDigest;
        if (_challenge?.Nonce != best.Nonce)
        {
            _nonceCount = 0;
        }

        _challenge = best;
        return RtspAuthDecision.Answer(best);
    }

    /// <summary>The Authorization value for a request, or null before any challenge was accepted.</summary>
    public string? CreateAuthorization(string method, string uri)
    {
        if (_challenge is null || _credentials is null)
        {
            return null;
        }

        if (!_challenge.IsDigest)
        {
            // RFC 7617 §2: base64(user-id ":" password).
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(_credentials.UserName + ":" + _credentials.RevealPassword()));
            return "Basic " + token;
        }

        var nc = (++_nonceCount).ToString("x8", CultureInfo.InvariantCulture);
        var cnonce = _newCnonce();
        var qop = _challenge.QopAuth ? "auth" : null;
        var response = RtspDigest.ComputeResponse(
            _challenge.Algorithm, _credentials.UserName, _challenge.Realm, _credentials.RevealPassword(),
            _challenge.Nonce!, method, uri, qop, nc, cnonce);

        // RFC 7616 §3.4: the Authorization header fields.
        var text = new StringBuilder("Digest ");
        text.Append("username=").Append(Quote(_credentials.UserName))
            .Append(", realm=").Append(Quote(_challenge.Realm))
            .Append(", nonce=").Append(Quote(_challenge.Nonce!))
            .Append(", uri=").Append(Quote(uri))
            .Append(", response=").Append(Quote(response));
        if (_challenge.Algorithm != "MD5")
        {
            text.Append(", algorithm=").Append(_challenge.Algorithm);
        }

        if (_challenge.Opaque is not null)
        {
            text.Append(", opaque=").Append(Quote(_challenge.Opaque));
        }

        if (qop is not null)
        {
            text.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=").Append(Quote(cnonce));
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
