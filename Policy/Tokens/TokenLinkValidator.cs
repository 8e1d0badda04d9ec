using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// Checks a JWT token link (docs/links.md) against a <see cref="TokenKeyRing"/> and the camera and
/// client address of the request. Deny by default: only a token that passes every check is allowed.
/// </summary>
/// <remarks>
/// Security invariants, in the order they are enforced (cheapest first, nothing decoded before the
/// size check, no key material used before the header is found acceptable):
/// <list type="number">
/// <item>size ≤ <c>maxTokenBytes</c> before any parsing;</item>
/// <item>exactly three canonical base64url segments, a strict JSON header with no duplicate members;</item>
/// <item><c>alg</c> present and not <c>none</c> in any letter case;</item>
/// <item>no <c>jku</c>/<c>x5u</c>/<c>jwk</c>/<c>x5c</c> (never fetched, never trusted) and no <c>crit</c>/<c>zip</c>/<c>enc</c>/<c>cty</c>/<c>b64</c>;</item>
/// <item><c>kid</c> found by exact dictionary lookup (no try-all-keys), then <c>alg</c> equal to that key's one pinned algorithm;</item>
/// <item><c>typ</c> absent or <c>JWT</c>;</item>
/// <item>signature, <c>aud</c> and <c>iss</c> by the library with only that key and algorithm;</item>
/// <item>key not retired; <c>exp</c> present; expiry, <c>nbf</c>, <c>iat</c> and lifetime with the injected clock and our skew; <c>sx</c> not past;</item>
/// <item><c>sub</c>, <c>cam</c> (and <c>jti</c> when required) present; camera matches <c>cam</c>; client inside <c>cidr</c>.</item>
/// </list>
/// Nothing is thrown for any input; the token itself is never logged.
/// </remarks>
internal sealed partial class TokenLinkValidator
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly TimeProvider _time;
    private readonly ILogger<TokenLinkValidator> _logger;

    /// <summary>Creates the validator; time comes from <paramref name="time"/> so expiry is testable.</summary>
    public TokenLinkValidator(TimeProvider time, ILogger<TokenLinkValidator> logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Validates one token link. Returns a decision; never throws on any token text.</summary>
    public async ValueTask<TokenResult> ValidateAsync(TokenInput input, TokenKeyRing ring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ring);
        cancellationToken.ThrowIfCancellationRequested();
        var (result, key) = await ValidateCoreAsync(input, ring);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var kid = key?.KeyId ?? "-";
            var camera = input.Camera.ToString();
            if (result.IsAllowed)
            {
                Log.TokenAccepted(_logger, kid, result.Claims!.LinkId ?? "-", camera);
            }
            else
            {
                var code = result.Reason.ToCode();
                Log.TokenRefused(_logger, code, kid, camera, result.Detail ?? "-");
            }
        }

        return result;
    }

    private async ValueTask<(TokenResult Result, TokenKey? Key)> ValidateCoreAsync(TokenInput input, TokenKeyRing ring)
    {
        var token = input.Token;
        if (string.IsNullOrEmpty(token))
        {
            return (TokenResult.Deny(AccessReason.TokenMalformed, "token is empty"), null);
        }

        if (token.Length > ring.MaxTokenBytes)
        {
            return (TokenResult.Deny(AccessReason.TokenTooLarge, $"token longer than {ring.MaxTokenBytes} bytes"), null);
        }

        if (!TokenSegments.TrySplit(token, out var segments)
            || !TokenHeader.TryRead(TokenSegments.Decode(token.AsSpan()[segments.Header]), out var header))
        {
            return (TokenResult.Deny(AccessReason.TokenMalformed, "not three base64url parts with a JSON header"), null);
        }

        var (headerFailure, key) = CheckHeader(header!, ring);
        if (headerFailure is not null)
        {
            return (headerFailure, key);
        }

        if (token.AsSpan()[segments.Signature].IsEmpty)
        {
            return (TokenResult.Deny(AccessReason.TokenInvalid, "signature missing"), key);
        }

        var validation = await Handler.ValidateTokenAsync(token, ring.ParametersFor(key!));
        if (!validation.IsValid)
        {
            var (reason, detail) = TokenFailureMap.ToReason(validation.Exception);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var failureType = validation.Exception?.GetType().Name ?? "none";
                Log.LibraryRefused(_logger, key!.KeyId, failureType);
            }

            return (TokenResult.Deny(reason, detail), key);
        }

        var now = _time.GetUtcNow();
        if (key!.IsRetiredAt(now))
        {
            // Checked after the signature so the reason is only ever given for genuine tokens.
            Log.RetiredKeyUsed(_logger, key.KeyId);
            return (TokenResult.Deny(AccessReason.KeyRetired, "signing key is retired"), key);
        }

        if (!TokenPayload.TryRead(TokenSegments.Decode(token.AsSpan()[segments.Payload]), out var payload, out var payloadDetail))
        {
            return (TokenResult.Deny(AccessReason.TokenMalformed, payloadDetail), key);
        }

        return (CheckClaims(payload!, input, ring, key, now), key);
    }

    private static (TokenResult? Failure, TokenKey? Key) CheckHeader(TokenHeader header, TokenKeyRing ring)
    {
        if (header.Algorithm is null || string.Equals(header.Algorithm, "none", StringComparison.OrdinalIgnoreCase))
        {
            return (TokenResult.Deny(AccessReason.TokenAlgorithmRefused, "alg missing or none"), null);
        }

        if (header.NamesKeySource)
        {
            return (TokenResult.Deny(AccessReason.TokenInvalid, "header names a key (jku/x5u/jwk/x5c); such tokens are refused"), null);
        }

        if (header.HasUnsupportedMember)
        {
            return (TokenResult.Deny(AccessReason.TokenInvalid, "header uses crit/zip/enc/cty/b64, which are not supported"), null);
        }

        if (!TokenKeyRing.IsValidKeyId(header.KeyId) || !ring.TryGetKey(header.KeyId!, out var key))
        {
            return (TokenResult.Deny(AccessReason.TokenKeyUnknown, "kid missing, malformed or not in the key ring"), null);
        }

        if (!string.Equals(header.Algorithm, key!.Algorithm, StringComparison.Ordinal))
        {
            return (TokenResult.Deny(AccessReason.TokenAlgorithmRefused, $"alg is not {key.Algorithm}, the one algorithm of this kid"), key);
        }

        if (header.Type is not null && !string.Equals(header.Type, "JWT", StringComparison.OrdinalIgnoreCase))
        {
            return (TokenResult.Deny(AccessReason.TokenTypeInvalid, "typ is not JWT"), key);
        }

        return (null, key);
    }

    private static TokenResult CheckClaims(TokenPayload payload, TokenInput input, TokenKeyRing ring, TokenKey key, DateTimeOffset now)
    {
        if (payload.Expires is not { } expires)
        {
            return TokenResult.Deny(AccessReason.TokenClaimMissing, "exp missing");
        }

        var skew = ring.ClockSkew;
        if (now > expires + skew)
        {
            return TokenResult.Deny(AccessReason.TokenExpired, $"expired {(long)(now - expires).TotalSeconds} s ago (skew {(long)skew.TotalSeconds} s)");
        }

        if (payload.NotBefore is { } notBefore && notBefore > now + skew)
        {
            return TokenResult.Deny(AccessReason.TokenNotYetValid, $"nbf {(long)(notBefore - now).TotalSeconds} s in the future");
        }

        // An iat in the future would shorten the computed lifetime and let a long-lived token through.
        if (payload.IssuedAt is { } issuedAt && issuedAt > now + skew)
        {
            return TokenResult.Deny(AccessReason.TokenNotYetValid, $"iat {(long)(issuedAt - now).TotalSeconds} s in the future");
        }

        var start = payload.IssuedAt ?? payload.NotBefore ?? now;
        if (expires - start > ring.MaxLifetime)
        {
            return TokenResult.Deny(AccessReason.TokenLifetimeTooLong, $"lifetime {(long)(expires - start).TotalSeconds} s above {(long)ring.MaxLifetime.TotalSeconds} s");
        }

        // sx is a hard end: no skew, a session opened at or after it would end at once.
        if (payload.SessionEnd is { } sessionEnd && sessionEnd <= now)
        {
            return TokenResult.Deny(AccessReason.StreamExpired, "sx (session end) has passed");
        }

        if (payload.Subject is null || payload.Cameras is not { Count: > 0 } cameras)
        {
            return TokenResult.Deny(AccessReason.TokenClaimMissing, payload.Subject is null ? "sub missing" : "cam missing or empty");
        }

        if (ring.RequireJti && payload.LinkId is null)
        {
            return TokenResult.Deny(AccessReason.TokenClaimMissing, "jti missing and required");
        }

        if (!cameras.Any(pattern => pattern.Matches(input.Camera)))
        {
            return TokenResult.Deny(AccessReason.NotEntitled, "camera not in the token's cam claim");
        }

        var cidrs = payload.Cidrs ?? [];
        if (payload.Cidrs is not null && !IsInside(input.ClientAddress, cidrs))
        {
            return TokenResult.Deny(AccessReason.AddressNotAllowed, "client address not in the token's cidr claim");
        }

        return TokenResult.Allow(new TokenClaims(payload.Subject, cameras, expires, payload.NotBefore,
            payload.SessionEnd, cidrs, payload.LinkId, key.KeyId));
    }

    private static bool IsInside(IPAddress? address, IReadOnlyList<IPNetwork> networks)
    {
        if (address is null)
        {
            return false;
        }

        // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; compare them as IPv4.
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in networks)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }
}
