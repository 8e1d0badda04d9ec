using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// Mints token links with a key of the ring (HS with its secret, ES with its configured private key).
/// Used by the <c>sign</c> CLI and by tests; the gate itself never signs. Refuses to mint a token the
/// same ring would refuse, so a typo in the CLI fails at once rather than at the viewer.
/// </summary>
internal sealed class TokenLinkIssuer
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly TimeProvider _time;

    /// <summary>Creates an issuer; <c>iat</c> and <c>exp</c> come from <paramref name="time"/>.</summary>
    public TokenLinkIssuer(TimeProvider time) => _time = time;

    /// <summary>
    /// Signs a token with key <paramref name="keyId"/>. Returns false with a message naming the fix
    /// when the key cannot sign or the request is not something the ring would accept.
    /// </summary>
    public bool TryIssue(TokenKeyRing ring, string keyId, TokenIssueRequest request, out string? token, out string error)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(request);
        token = null;
        error = CheckRequest(ring, request);
        if (error.Length > 0)
        {
            return false;
        }

        if (!ring.TryGetKey(keyId, out var key) || key!.SigningKey is null)
        {
            error = $"key {keyId} is not in the ring or has no signing key; for ES keys configure privateKey";
            return false;
        }

        var now = _time.GetUtcNow();
        if (key.IsRetiredAt(now))
        {
            error = $"key {keyId} is retired; sign with a current key";
            return false;
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = request.Subject,
            ["cam"] = request.Cameras.Count == 1 ? request.Cameras[0] : request.Cameras.ToArray(),
        };
        if (request.SessionEnd is { } sessionEnd)
        {
            claims["sx"] = sessionEnd.ToUnixTimeSeconds();
        }

        if (request.Cidrs.Count > 0)
        {
            claims["cidr"] = request.Cidrs.Count == 1 ? request.Cidrs[0] : request.Cidrs.ToArray();
        }

        if (request.LinkId is not null)
        {
            claims["jti"] = request.LinkId;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            Audience = ring.Audience,
            Issuer = request.Issuer ?? ring.Issuers.FirstOrDefault(),
            IssuedAt = now.UtcDateTime,
            NotBefore = request.NotBefore?.UtcDateTime,
            Expires = (now + request.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.SigningKey, key.Algorithm),
        };
        token = Handler.CreateToken(descriptor);
        return true;
    }

    private static string CheckRequest(TokenKeyRing ring, TokenIssueRequest request)
    {
        if (string.IsNullOrEmpty(request.Subject))
        {
            return "subject is empty; give the operator id";
        }

        if (request.Cameras.Count == 0 || request.Cameras.Any(camera => !CameraPattern.TryParse(camera, out _)))
        {
            return "cameras must be one or more app/stream paths or patterns such as app/lobby-*";
        }

        if (request.Cidrs.Any(cidr => !TokenCidr.TryParse(cidr, out _)))
        {
            return "cidrs must be networks such as 10.0.0.0/24 (no host bits set)";
        }

        if (request.Lifetime <= TimeSpan.Zero || request.Lifetime > ring.MaxLifetime)
        {
            return $"lifetime must be above 0 and at most {(long)ring.MaxLifetime.TotalSeconds} s (tokens.maxLifetimeSeconds)";
        }

        return string.Empty;
    }
}
