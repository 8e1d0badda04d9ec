using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// Checks an OME SignedPolicy link (docs/links.md) with the stricter rules of
/// docs/security.md, credentials. The front door's one entry point for signed links.
/// </summary>
/// <remarks>
/// <para>Checks run in a fixed order and the first failure decides:
/// virtual host (<see cref="AccessReason.UnknownHost"/>) → reserved names only in their configured
/// letter case (<see cref="AccessReason.AmbiguousTarget"/>) and each at most once
/// (<see cref="AccessReason.DuplicateParameter"/>) → signature present and non-empty
/// (<see cref="AccessReason.SignatureMissing"/>) → signature shape: canonical unpadded base64url of
/// a MAC length one of the virtual host's keys produces (<see cref="AccessReason.SignatureMalformed"/>)
/// → policy present, within the cap, well-formed (<see cref="AccessReason.PolicyMalformed"/> — also
/// when the policy parameter is absent, since a signature without a policy is a broken credential,
/// not a missing one — and <see cref="AccessReason.PolicyTooLarge"/>) → MAC, constant time
/// (<see cref="AccessReason.SignatureInvalid"/>) → times (<see cref="AccessReason.LinkExpired"/>,
/// <see cref="AccessReason.LinkNotActive"/>, <see cref="AccessReason.StreamExpired"/>) → addresses
/// (<see cref="AccessReason.AddressNotAllowed"/>) → key retirement (<see cref="AccessReason.KeyRetired"/>).</para>
/// <para>Security invariants: nothing from the policy is trusted before the MAC matched; a
/// policy's <c>kid</c> only ever narrows the keys tried to one configured key of the request's
/// virtual host; every candidate MAC is compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>; the expected MAC, the signature, the
/// policy and the query string are never logged or returned; attacker input never throws.</para>
/// </remarks>
internal sealed partial class SignedUrlValidator
{
    private readonly TimeProvider _time;
    private readonly ILogger<SignedUrlValidator> _logger;
    private readonly ScopedSignedUrlKey[] _scopedKeys;

    /// <summary>Creates the validator; time comes from <paramref name="time"/> so expiry is testable.</summary>
    /// <param name="time">The clock for expiry.</param>
    /// <param name="logger">Diagnostics.</param>
    /// <param name="scopedKeys">Keys from outside policy.json, each accepted only within its scope (the demo wall's key).</param>
    public SignedUrlValidator(TimeProvider time, ILogger<SignedUrlValidator> logger, IEnumerable<ScopedSignedUrlKey>? scopedKeys = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _scopedKeys = [.. scopedKeys ?? []];
    }

    /// <summary>Validates a signed link against the key ring; never throws on request content.</summary>
    public SignedUrlResult Validate(in SignedUrlInput input, SignedUrlKeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var result = Decide(input, ring, out var virtualHost);
        if (result.IsAllowed)
        {
            Log.LinkAccepted(_logger, virtualHost, result.KeyId, result.Claims?.LinkId);
        }
        else
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var code = result.Reason.ToCode();
                Log.LinkRefused(_logger, code, virtualHost, result.KeyId, result.Detail);
            }

            if (result.Reason == AccessReason.KeyRetired)
            {
                Log.RetiredKeyPresented(_logger, virtualHost, result.KeyId);
            }
        }

        return result;
    }

    private SignedUrlResult Decide(in SignedUrlInput input, SignedUrlKeyRing ring, out string virtualHostName)
    {
        virtualHostName = "-";
        if (!ring.TryResolve(input.HostHeader, out var virtualHost))
        {
            return SignedUrlResult.Deny(AccessReason.UnknownHost, "host matches no signed-link virtual host");
        }

        virtualHostName = virtualHost!.Name;
        var query = input.Query ?? [];
        QueryPair? signature = null, policy = null;
        foreach (var pair in query)
        {
            // The front door already refuses repeated or case-variant reserved names; this is the
            // second line, so a parser change there cannot make two readers see two signatures.
            // A reserved name in another letter case is refused too: OME strips signature pairs
            // case-insensitively, so "SIGNATURE=" would otherwise be a second spelling of one link.
            if (IsCaseVariant(pair.RawName, ring.Names.Signature) || IsCaseVariant(pair.RawName, ring.Names.Policy))
            {
                return SignedUrlResult.Deny(AccessReason.AmbiguousTarget, "reserved parameter name in another letter case");
            }

            if (string.Equals(pair.RawName, ring.Names.Signature, StringComparison.Ordinal))
            {
                if (signature is not null)
                {
                    return SignedUrlResult.Deny(AccessReason.DuplicateParameter, "signature parameter appears twice");
                }

                signature = pair;
            }
            else if (string.Equals(pair.RawName, ring.Names.Policy, StringComparison.Ordinal))
            {
                if (policy is not null)
                {
                    return SignedUrlResult.Deny(AccessReason.DuplicateParameter, "policy parameter appears twice");
                }

                policy = pair;
            }
        }

        if (signature is null)
        {
            return SignedUrlResult.Deny(AccessReason.SignatureMissing, "no signature parameter");
        }

        var signatureText = signature.Value.RawValue ?? string.Empty;
        if (signatureText.Length == 0)
        {
            return SignedUrlResult.Deny(AccessReason.SignatureMissing, "signature parameter is empty");
        }

        Span<byte> presented = stackalloc byte[32];
        var presentedLength = StrictBase64Url.DecodedLength(signatureText.Length);
        var lengthFits = (presentedLength == 20 && virtualHost.AcceptsSha1) || (presentedLength == 32 && virtualHost.AcceptsSha256);
        // A 32-byte signature may still be a scoped key's (HMAC-SHA256); decided once the policy names its kid.
        var onlyScopedFits = !lengthFits && presentedLength == 32 && _scopedKeys.Length > 0;
        if (!lengthFits && !onlyScopedFits)
        {
            return SignedUrlResult.Deny(AccessReason.SignatureMalformed, "signature length fits no key algorithm");
        }

        if (!StrictBase64Url.TryDecode(signatureText, presented, out _))
        {
            return SignedUrlResult.Deny(AccessReason.SignatureMalformed, "signature is not unpadded base64url");
        }

        presented = presented[..presentedLength];
        if (policy is null)
        {
            return SignedUrlResult.Deny(AccessReason.PolicyMalformed, "no policy parameter");
        }

        var parsed = SignedPolicyParser.Parse(policy.Value.RawValue ?? string.Empty, ring.MaxPolicyBytes);
        if (!parsed.IsValid)
        {
            return SignedUrlResult.Deny(parsed.Reason, parsed.Detail ?? "policy refused");
        }

        var claims = parsed.Claims!;
        var algorithm = presentedLength == 20 ? SignedUrlAlgorithm.HmacSha1 : SignedUrlAlgorithm.HmacSha256;
        var scoped = claims.KeyId is { } scopedId ? FindScopedKey(scopedId) : null;
        if (scoped is not null || onlyScopedFits)
        {
            return scoped is null
                ? SignedUrlResult.Deny(AccessReason.SignatureMalformed, "signature length fits no key algorithm")
                : DecideScoped(input, ring, claims, scoped, algorithm, presented);
        }

        SignedUrlKey? named = null;
        if (claims.KeyId is { } keyId)
        {
            named = virtualHost.FindKey(keyId);
            if (named is null)
            {
                return SignedUrlResult.Deny(AccessReason.SignatureInvalid, "policy names a key this virtual host does not have");
            }

            if (named.Algorithm != algorithm)
            {
                return SignedUrlResult.Deny(AccessReason.SignatureMalformed, "signature length does not fit the named key's algorithm");
            }
        }

        var now = _time.GetUtcNow();
        var signedString = SignedUrlCanonicalizer.BuildSignedString(
            input.Scheme ?? string.Empty, input.HostHeader!, input.LocalPort, input.RawPath ?? string.Empty, query, ring.Names.Signature);
        var matched = FindMatchingKey(virtualHost, named, algorithm, Encoding.UTF8.GetBytes(signedString), presented, now);
        if (matched is null)
        {
            return SignedUrlResult.Deny(AccessReason.SignatureInvalid, "signature does not match");
        }

        return CheckVerified(input, claims, matched, now);
    }

    /// <summary>
    /// A link naming a scoped key: only that key is tried, and a verified link still opens nothing
    /// outside the key's app or with an operator (<see cref="AccessReason.NotEntitled"/>, as any
    /// camera the credential may not open answers).
    /// </summary>
    private SignedUrlResult DecideScoped(
        in SignedUrlInput input, SignedUrlKeyRing ring, SignedPolicyClaims claims, ScopedSignedUrlKey scoped,
        SignedUrlAlgorithm algorithm, ReadOnlySpan<byte> presented)
    {
        var key = scoped.Key;
        if (key.Algorithm != algorithm)
        {
            return SignedUrlResult.Deny(AccessReason.SignatureMalformed, "signature length does not fit the named key's algorithm");
        }

        var now = _time.GetUtcNow();
        var signedString = SignedUrlCanonicalizer.BuildSignedString(
            input.Scheme ?? string.Empty, input.HostHeader!, input.LocalPort, input.RawPath ?? string.Empty, input.Query ?? [], ring.Names.Signature);
        Span<byte> expected = stackalloc byte[32];
        var length = SignedUrlSigner.ComputeMac(key.Algorithm, key.Secret.Span, Encoding.UTF8.GetBytes(signedString), expected);
        var equal = CryptographicOperations.FixedTimeEquals(expected[..length], presented);
        CryptographicOperations.ZeroMemory(expected);
        if (!equal)
        {
            return SignedUrlResult.Deny(AccessReason.SignatureInvalid, "signature does not match");
        }

        if (claims.Subject is not null)
        {
            return new SignedUrlResult(AccessReason.NotEntitled, claims, key.Id, "scoped link key signs only anonymous links");
        }

        if (!IsInApp(input.RawPath, scoped.App))
        {
            return new SignedUrlResult(AccessReason.NotEntitled, claims, key.Id, "scoped link key opens only its own app");
        }

        return CheckVerified(input, claims, key, now);
    }

    private ScopedSignedUrlKey? FindScopedKey(string keyId)
    {
        foreach (var scoped in _scopedKeys)
        {
            if (string.Equals(scoped.Key.Id, keyId, StringComparison.Ordinal))
            {
                return scoped;
            }
        }

        return null;
    }

    // The raw path the gate routes ("/{app}/{stream}[/whep]"), already refused by the gate's strict
    // parser if it is ambiguous (encoded slashes, dot segments), so its first segment is the app.
    private static bool IsInApp(string? rawPath, string app) =>
        rawPath is not null && rawPath.Length > app.Length + 1 && rawPath[0] == '/' &&
        rawPath.AsSpan(1, app.Length).SequenceEqual(app) && rawPath[app.Length + 1] == '/';

    // Every candidate is computed and compared, so the time taken does not say which key (if any)
    // matched; a current key is preferred over a retired one that also matches.
    private static SignedUrlKey? FindMatchingKey(
        SignedUrlVirtualHost virtualHost, SignedUrlKey? named, SignedUrlAlgorithm algorithm,
        ReadOnlySpan<byte> message, ReadOnlySpan<byte> presented, DateTimeOffset now)
    {
        Span<byte> expected = stackalloc byte[32];
        SignedUrlKey? matched = null;
        foreach (var key in virtualHost.Keys)
        {
            if (key.Algorithm != algorithm || (named is not null && !ReferenceEquals(key, named)))
            {
                continue;
            }

            var length = SignedUrlSigner.ComputeMac(key.Algorithm, key.Secret.Span, message, expected);
            var equal = CryptographicOperations.FixedTimeEquals(expected[..length], presented);
            if (equal && (matched is null || (matched.IsRetiredAt(now) && !key.IsRetiredAt(now))))
            {
                matched = key;
            }
        }

        CryptographicOperations.ZeroMemory(expected);
        return matched;
    }

    private static SignedUrlResult CheckVerified(in SignedUrlInput input, SignedPolicyClaims claims, SignedUrlKey key, DateTimeOffset now)
    {
        // Boundaries per OME: refused when url_expire < now, so url_expire == now still passes.
        if (claims.UrlExpire < now)
        {
            return new SignedUrlResult(AccessReason.LinkExpired, claims, key.Id, "url_expire has passed");
        }

        if (claims.UrlActivate is { } activate && activate > now)
        {
            return new SignedUrlResult(AccessReason.LinkNotActive, claims, key.Id, "url_activate is in the future");
        }

        if (claims.StreamExpire is { } streamExpire && streamExpire < now)
        {
            return new SignedUrlResult(AccessReason.StreamExpired, claims, key.Id, "stream_expire has passed");
        }

        if (claims.AllowIp is { } allowIp && !Contains(allowIp, input.PeerAddress))
        {
            return new SignedUrlResult(AccessReason.AddressNotAllowed, claims, key.Id, "peer address outside allow_ip");
        }

        if (claims.RealIp is { } realIp && !Contains(realIp, input.ClientAddress))
        {
            return new SignedUrlResult(AccessReason.AddressNotAllowed, claims, key.Id, "client address outside real_ip");
        }

        if (key.IsRetiredAt(now))
        {
            return new SignedUrlResult(AccessReason.KeyRetired, claims, key.Id, "only a retired key matches");
        }

        return new SignedUrlResult(AccessReason.Allowed, claims, key.Id, null);
    }

    private static bool IsCaseVariant(string? name, string reserved) =>
        string.Equals(name, reserved, StringComparison.OrdinalIgnoreCase) && !string.Equals(name, reserved, StringComparison.Ordinal);

    // Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; an IPv4 CIDR must still match them.
    private static bool Contains(IPNetwork network, IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6 && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        return network.Contains(address);
    }
}
