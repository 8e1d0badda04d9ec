using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Links;
using SecureStream.Proxy.Listeners;

namespace SecureStream.Proxy.Management;

/// <summary>
/// <c>POST /v1/console/links</c>: mints a viewer link for a camera and an operator, as the
/// <c>sign</c> command does (<see cref="ViewerLinkMinter"/>), with the policy's own keys, and
/// answers the player page URL that carries it (docs/console.md, "Console API").
/// </summary>
/// <remarks>
/// Security invariants: only a camera the gateway knows and an operator policy.json entitles to
/// it get a link, for 1 s up to <c>tokens.maxLifetimeSeconds</c>; the <c>link.minted</c> record
/// (administrator, operator, camera, link id, expiry — never the link) is in the journal before the
/// link is answered, and a link that cannot be audited is not handed out (503).
/// </remarks>
internal static partial class ConsoleLinkEndpoints
{
    public const string KindSigned = "signed";
    public const string KindToken = "token";

    public static void MapConsoleLinkEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/v1/console/links", MintAsync);

    private static async Task<IResult> MintAsync(
        HttpContext context,
        ICameraCatalog cameras,
        PolicyStore policy,
        IAuditWriter audit,
        BoundListeners listeners,
        IOptions<ManagementOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ConsoleLinkEndpoints));
        var administrator = ManagementAuthentication.AdministratorName(context);
        var (request, error) = await StreamRequestReader.ReadJsonAsync(context.Request, ManagementJsonContext.Default.ConsoleLinkRequest, "link request", cancellationToken);
        if (request is null)
        {
            return Refuse(logger, administrator, error!);
        }

        var snapshot = policy.Current;
        var now = time.GetUtcNow();
        if (!CameraPath.TryParse(request.Camera, out var camera) || await cameras.FindAsync(camera, cancellationToken) is not { } known)
        {
            return Refuse(logger, administrator, "unknown_camera: camera must be app/stream of a camera the gateway knows");
        }

        if (request.Kind is not (KindSigned or KindToken))
        {
            return Refuse(logger, administrator, "kind must be \"signed\" or \"token\"");
        }

        var rendition = request.Rendition switch
        {
            null or "main" => CameraRendition.Main,
            "sub" => CameraRendition.Sub,
            _ => (CameraRendition?)null,
        };
        if (rendition is not { } chosen || (chosen == CameraRendition.Sub && known.HasSubstream == false))
        {
            return Refuse(logger, administrator, "rendition_unknown: rendition must be \"main\" or \"sub\" (sub only for a camera with a substream)");
        }

        var entitlement = snapshot.Entitlements.Check(request.Operator, camera, now);
        if (entitlement.Reason is not (AccessReason.Allowed or AccessReason.OutsideTimeWindow))
        {
            // Unknown, disabled and not entitled look alike to viewers; an administrator is told which.
            return Refuse(logger, administrator, entitlement.OperatorKey.Length == 0
                ? "unknown_operator: operator is not in policy.json's operators"
                : "not_entitled: the operator is disabled or not entitled to this camera");
        }

        var maxLifetime = snapshot.Tokens.MaxLifetime;
        if (request.LifetimeSeconds < 1 || request.LifetimeSeconds > (long)maxLifetime.TotalSeconds)
        {
            return Refuse(logger, administrator, $"lifetimeSeconds must be 1 to {(long)maxLifetime.TotalSeconds} (tokens.maxLifetimeSeconds)");
        }

        var viewerBase = ViewerBase(context, options.Value, listeners);
        if (viewerBase is null)
        {
            return Reply<object?>(503, "Service Unavailable: no viewer listener is enabled; set Management:ViewerBaseUrl", null);
        }

        var expires = now + TimeSpan.FromSeconds(request.LifetimeSeconds);
        var linkId = ViewerLinkMinter.NewLinkId();
        var path = camera.ToString();
        var minted = request.Kind == KindSigned
            ? MintSigned(snapshot.SignedUrls, viewerBase, path, chosen, request.Operator, linkId, expires, now)
            : MintToken(snapshot.Tokens, viewerBase, path, chosen, request.Operator, linkId, request.LifetimeSeconds, time);
        if (minted.Url is null)
        {
            Log.LinkMintFailed(logger, administrator, path, request.Kind, minted.Problem!);
            return Reply<object?>(503, "Service Unavailable: " + minted.Problem, null);
        }

        var record = new LinkMintedRecord
        {
            Time = now,
            TraceId = GateTrace.IdOf(context),
            Administrator = administrator,
            AdminIp = context.Connection.RemoteIpAddress.ToAuditText(),
            Operator = request.Operator,
            App = camera.App,
            Camera = camera.Stream,
            Rendition = chosen.ToCode(),
            Kind = request.Kind,
            LinkId = linkId,
            KeyId = minted.KeyId,
            ExpiresAt = expires,
        };
        if (!await audit.WriteAsync(record, cancellationToken))
        {
            Log.LinkNotAudited(logger, administrator, path, linkId);
            return Reply<object?>(503, "Service Unavailable: audit_unavailable", null);
        }

        Log.LinkMinted(logger, administrator, request.Kind, path, request.Operator, linkId, expires);
        return Reply(200, "OK", new ConsoleLinkView(minted.Url, expires, linkId, request.Kind, path, request.Operator, chosen.ToCode()));
    }

    /// <summary>A signed player page link, with the first current key of the virtual host the viewer URL resolves to.</summary>
    private static (string? Url, string? KeyId, string? Problem) MintSigned(
        SignedUrlKeyRing ring, Uri viewerBase, string camera, CameraRendition rendition, string operatorId, string linkId, DateTimeOffset expires, DateTimeOffset now)
    {
        if (!ring.TryResolve(viewerBase.Authority, out var virtualHost))
        {
            return (null, null, "no signedUrls virtual host serves " + viewerBase.Host + "; add it to signedUrls.virtualHosts[].hosts");
        }

        if (virtualHost!.Keys.FirstOrDefault(key => !key.IsRetiredAt(now)) is not { } key)
        {
            return (null, null, "signedUrls virtual host " + virtualHost.Name + " has no current key");
        }

        var claims = new SignedPolicyClaims(expires) { Subject = operatorId, LinkId = linkId };
        return (ViewerLinkMinter.SignedPlayerPage(viewerBase, camera, rendition, claims, key.Id, key.Secret, key.Algorithm, ring.Names), key.Id, null);
    }

    /// <summary>A token player page link, with the first key of the ring that can sign now.</summary>
    private static (string? Url, string? KeyId, string? Problem) MintToken(
        TokenKeyRing ring, Uri viewerBase, string camera, CameraRendition rendition, string operatorId, string linkId, long lifetimeSeconds, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var keyId = ring.KeyIds.Order(StringComparer.Ordinal)
            .FirstOrDefault(id => ring.TryGetKey(id, out var key) && key!.SigningKey is not null && !key.IsRetiredAt(now));
        if (keyId is null)
        {
            return (null, null, "policy.json's tokens have no key that can sign (an HS secret, or an ES privateKey)");
        }

        var request = new TokenIssueRequest(operatorId, [camera], TimeSpan.FromSeconds(lifetimeSeconds))
        {
            LinkId = linkId,
            Issuer = ring.Issuers.Order(StringComparer.Ordinal).FirstOrDefault(),
        };
        return ViewerLinkMinter.TryMintToken(ring, keyId, request, time, out var token, out var problem)
            ? (ViewerLinkMinter.TokenPlayerPage(viewerBase, camera, rendition, token!), keyId, null)
            : (null, null, problem);
    }

    /// <summary><c>Management:ViewerBaseUrl</c>, else the host this request was sent to on the plain (or HTTPS) listener's port.</summary>
    private static Uri? ViewerBase(HttpContext context, ManagementOptions options, BoundListeners listeners)
    {
        if (!string.IsNullOrEmpty(options.ViewerBaseUrl))
        {
            return new Uri(options.ViewerBaseUrl);
        }

        var host = context.Request.Host.Host;
        if (string.IsNullOrEmpty(host))
        {
            host = "127.0.0.1";
        }

        var uriHost = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host;
        return listeners.EndpointOf(ListenerKind.Http) is { } http
            ? new Uri($"http://{uriHost}:{http.Port}")
            : listeners.EndpointOf(ListenerKind.Https) is { } https ? new Uri($"https://{uriHost}:{https.Port}") : null;
    }

    private static IResult Refuse(ILogger logger, string administrator, string reason)
    {
        Log.LinkMintRefused(logger, administrator, reason);
        return Reply<object?>(400, "Bad Request: " + reason, null);
    }

    private static IResult Reply<T>(int status, string message, T response) => ManagementReply.With(status, message, response);
}
