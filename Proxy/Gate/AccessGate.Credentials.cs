using System.Security.Cryptography;
using System.Text;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tokens;

namespace SecureStream.Proxy.Gate;

internal sealed partial class AccessGate
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>
    /// Exactly one credential: an OME signed link (policy/signature in the query) or a JWT (Bearer
    /// header or token parameter). Both at once is refused rather than letting one shadow the other.
    /// </summary>
    private async ValueTask<CredentialCheck> CheckCredentialAsync(GateContext context, PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var target = context.Target!;
        var names = snapshot.SignedUrls.Names;
        var hasSignedLink = false;
        string? queryToken = null;
        foreach (var pair in target.Query)
        {
            if (pair.Name == names.Policy || pair.Name == names.Signature)
            {
                hasSignedLink = true;
            }
            else if (pair.Name == TokenParameter)
            {
                queryToken = pair.Value;
            }
        }

        string? bearer = null;
        if (request.Authorization is { Length: > 0 } authorization)
        {
            if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return new CredentialCheck(AccessReason.TokenMalformed, AuditCredentialKind.Jwt, Detail: "authorization scheme is not Bearer");
            }

            bearer = authorization[BearerPrefix.Length..].Trim();
        }

        var tokenCount = (bearer is null ? 0 : 1) + (queryToken is null ? 0 : 1);
        if ((hasSignedLink ? 1 : 0) + tokenCount > 1)
        {
            return new CredentialCheck(AccessReason.CredentialConflict, AuditCredentialKind.None, Detail: "more than one credential");
        }

        if (hasSignedLink)
        {
            return CheckSignedLink(context, snapshot);
        }

        if ((bearer ?? queryToken) is { } token)
        {
            return await CheckTokenAsync(context, snapshot, token, cancellationToken);
        }

        return new CredentialCheck(AccessReason.CredentialMissing, AuditCredentialKind.None);
    }

    private CredentialCheck CheckSignedLink(GateContext context, PolicySnapshot snapshot)
    {
        var request = context.Request;
        var input = new SignedUrlInput(
            request.Scheme,
            request.HostHeader,
            request.LocalPort,
            context.Target!.RawPath,
            context.Target.Query,
            request.PeerAddress,
            context.Client.Address);
        var result = signedUrls.Validate(input, snapshot.SignedUrls);
        var claims = result.Claims;
        var credentialId = claims?.LinkId is { } jti ? "jti:" + jti : HashPrefix(context.Target.Query, snapshot.SignedUrls.Names.Signature);
        if (!result.IsAllowed)
        {
            return new CredentialCheck(result.Reason, AuditCredentialKind.SignedUrl, claims?.Subject, credentialId, Detail: result.Detail);
        }

        return new CredentialCheck(
            AccessReason.Allowed,
            AuditCredentialKind.SignedUrl,
            claims!.Subject,
            result.KeyId is { } kid ? $"kid:{kid} {credentialId}" : credentialId,
            claims.LinkId,
            claims.UrlExpire,
            claims.StreamExpire,
            KeyId: result.KeyId);
    }

    private async ValueTask<CredentialCheck> CheckTokenAsync(GateContext context, PolicySnapshot snapshot, string token, CancellationToken cancellationToken)
    {
        var result = await tokens.ValidateAsync(new TokenInput(token, context.Target!.Camera, context.Client.Address), snapshot.Tokens, cancellationToken);
        var claims = result.Claims;
        var credentialId = claims is null ? HashPrefix(token) : $"kid:{claims.KeyId}" + (claims.LinkId is { } jti ? " jti:" + jti : " " + HashPrefix(token));
        if (!result.IsAllowed)
        {
            return new CredentialCheck(result.Reason, AuditCredentialKind.Jwt, claims?.Subject, credentialId, Detail: result.Detail);
        }

        return new CredentialCheck(
            AccessReason.Allowed,
            AuditCredentialKind.Jwt,
            claims!.Subject,
            credentialId,
            claims.LinkId,
            claims.Expires,
            claims.SessionEnd,
            KeyId: claims.KeyId,
            CameraScope: claims.Cameras);
    }

    /// <summary>The query parameter that may carry a JWT (the Bearer header is preferred).</summary>
    internal const string TokenParameter = "token";

    /// <summary>
    /// A credential's identity for audit when it names none itself: the first 12 hex digits of its
    /// SHA-256 — enough to find every use of one link, useless for forging it.
    /// </summary>
    private static string HashPrefix(string credential) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)))[..12];

    private static string? HashPrefix(IReadOnlyList<QueryPair> query, string signatureName)
    {
        foreach (var pair in query)
        {
            if (pair.Name == signatureName)
            {
                return HashPrefix(pair.RawValue);
            }
        }

        return null;
    }
}
