using SecureStream.Media.Cameras;
using Microsoft.Extensions.Options;
using SecureStream.Media.Streams;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME's virtual host, application, stream and statistics routes over the camera registry, in
/// OME's response shapes (docs/cameras.md): <c>GET /v1/vhosts[/{vh}]</c>,
/// <c>GET /v1/vhosts/{vh}/apps[/{app}]</c>, <c>POST/GET /v1/vhosts/{vh}/apps/{app}/streams</c>,
/// <c>GET/DELETE …/streams/{s}</c> and <c>GET /v1/stats/current[/vhosts/{vh}[/apps/{app}[/streams/{s}]]]</c>.
/// Security invariants: no response carries a camera credential (URLs are redacted); every
/// registration and deletion is in the audit journal before it is answered, and a change that
/// cannot be audited is undone and answered 503.
/// </summary>
internal static partial class CameraEndpoints
{
    public static void MapCameraEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/vhosts", (IOriginCameras registry) => Reply(200, "OK", registry.VirtualHosts));
        endpoints.MapGet("/v1/vhosts/{vh}", (string vh, IOriginCameras registry, PolicyStore policy) =>
            registry.HasVirtualHost(vh) ? Reply(200, "OK", VirtualHostView.From(vh, policy.Current.SignedUrls)) : NotFound("Could not find the virtual host"));
        endpoints.MapGet("/v1/vhosts/{vh}/apps", (string vh, IOriginCameras registry) =>
            registry.HasVirtualHost(vh) ? Reply(200, "OK", registry.Apps(vh)) : NotFound("Could not find the virtual host"));
        endpoints.MapGet("/v1/vhosts/{vh}/apps/{app}", (string vh, string app, IOriginCameras registry, IOptions<WebRtcSessionOptions> webRtc) =>
            CheckApp(registry, vh, app) ?? Reply(200, "OK", ApplicationView.For(app, webRtc.Value.ConnectTimeout)));
        var streams = endpoints.MapGroup("/v1/vhosts/{vh}/apps/{app}/streams");
        streams.MapPost(string.Empty, CreateAsync);
        streams.MapGet(string.Empty, List);
        streams.MapGet("/{stream}", GetAsync);
        streams.MapDelete("/{stream}", DeleteAsync);
        endpoints.MapGet("/v1/stats/current", (CameraStatisticsView stats) => Reply(200, "OK", stats.For(null, null, null)));
        endpoints.MapGet("/v1/stats/current/vhosts/{vh}", (string vh, IOriginCameras registry, CameraStatisticsView stats) =>
            registry.HasVirtualHost(vh) ? Reply(200, "OK", stats.For(vh, null, null)) : NotFound("Could not find the virtual host"));
        endpoints.MapGet("/v1/stats/current/vhosts/{vh}/apps/{app}", (string vh, string app, IOriginCameras registry, CameraStatisticsView stats) =>
            CheckApp(registry, vh, app) ?? Reply(200, "OK", stats.For(vh, app, null)));
        endpoints.MapGet("/v1/stats/current/vhosts/{vh}/apps/{app}/streams/{stream}", StreamStatsAsync);
    }

    private static async Task<IResult> CreateAsync(
        string vh,
        string app,
        HttpContext context,
        IOriginCameras registry,
        IPersistentCameras persistent,
        IAuditWriter audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(CameraEndpoints));
        if (!registry.HasVirtualHost(vh))
        {
            return NotFound("Could not find the virtual host");
        }

        if (!CameraPath.IsSafeName(app))
        {
            return BadRequest("app name must be 1-128 letters, digits, '-', '_' or '.', not starting with '.'");
        }

        var (request, error) = await StreamRequestReader.ReadAsync(context.Request, cancellationToken);
        var registration = request is null ? null : Build(vh, app, request, registry.Defaults, time, out error);
        if (registration is null)
        {
            // Only names from the safe alphabet reach the log; anything else is attacker-shaped text.
            var camera = app + "/" + (CameraPath.IsSafeName(request?.Name) ? request!.Name : "(invalid)");
            Log.RegistrationRefused(logger, camera, 400, error!);
            return BadRequest(error!);
        }

        var outcome = await registry.RegisterAsync(registration, cancellationToken);
        switch (outcome)
        {
            case CameraStoreOutcome.Added:
                break;
            case CameraStoreOutcome.Exists:
                return Reply<object?>(409, "Conflict: the stream already exists", null);
            case CameraStoreOutcome.Full:
                return Reply<object?>(409, "Conflict: CameraRegistry:MaxRegistrations reached", null);
            default:
                return Reply<object?>(503, "Service Unavailable: the camera registry could not be written", null);
        }

        if (!await AuditAsync(audit, context, time, registration, "register", cancellationToken))
        {
            await registry.RemoveAsync(registration.Camera, CancellationToken.None);
            Log.ChangeNotAudited(logger, registration.Camera.ToString());
            return Reply<object?>(503, "Service Unavailable: audit_unavailable", null);
        }

        // OME: a persistent stream is pulled now, and refused with 502 when the pull fails.
        if (registration.Persistent && await persistent.EnsureAsync(registration, cancellationToken) is { } failure)
        {
            await registry.RemoveAsync(registration.Camera, CancellationToken.None);
            await AuditAsync(audit, context, time, registration, "delete", CancellationToken.None);
            Log.PersistentPullFailed(logger, registration.Camera, failure);
            return Reply<object?>(502, "Bad Gateway: the persistent stream could not be pulled (" + failure + ")", null);
        }

        return Reply(201, "Created", new[] { StreamView.From(registration, null, registry.CreatedAt) });
    }

    private static IResult List(string vh, string app, IOriginCameras registry) =>
        CheckApp(registry, vh, app) ?? Reply(200, "OK", registry.List(vh, app).Select(c => c.Stream).ToList());

    private static async Task<IResult> GetAsync(string vh, string app, string stream, IOriginCameras registry, CameraStatisticsView stats, CancellationToken cancellationToken)
    {
        var (camera, problem) = await FindAsync(registry, vh, app, stream, cancellationToken);
        return problem ?? Reply(200, "OK", StreamView.From(camera!, stats.Of(camera!.Camera), registry.CreatedAt));
    }

    private static async Task<IResult> StreamStatsAsync(string vh, string app, string stream, IOriginCameras registry, CameraStatisticsView stats, CancellationToken cancellationToken)
    {
        var (camera, problem) = await FindAsync(registry, vh, app, stream, cancellationToken);
        return problem ?? Reply(200, "OK", stats.For(vh, app, camera));
    }

    private static async Task<IResult> DeleteAsync(
        string vh,
        string app,
        string stream,
        HttpContext context,
        IOriginCameras registry,
        IPersistentCameras persistent,
        SessionRegistry sessions,
        IAuditWriter audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(CameraEndpoints));
        var (camera, problem) = await FindAsync(registry, vh, app, stream, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (camera!.Source != CameraSource.Rest)
        {
            return Reply<object?>(409, $"Conflict: the stream is defined in {(camera.Source == CameraSource.Static ? "OriginMap" : "OriginMapStore")}; remove it there", null);
        }

        var outcome = await registry.RemoveAsync(camera.Camera, cancellationToken);
        if (outcome == CameraStoreOutcome.NotFound)
        {
            return NotFound("Could not find the stream");
        }

        if (outcome != CameraStoreOutcome.Removed)
        {
            return Reply<object?>(503, "Service Unavailable: the camera registry could not be written", null);
        }

        if (!await AuditAsync(audit, context, time, camera, "delete", cancellationToken))
        {
            await registry.RegisterAsync(camera, CancellationToken.None);
            Log.ChangeNotAudited(logger, camera.Camera.ToString());
            return Reply<object?>(503, "Service Unavailable: audit_unavailable", null);
        }

        await persistent.ReleaseAsync(camera.Camera);

        // A deleted camera is unknown from now on: its viewers go too, each with its one closing.
        var ended = sessions.EndWhere(s => s.Camera == camera.Camera, SessionEndReason.Kicked);
        var name = camera.Camera.ToString();
        Log.Deleted(logger, name, ended);
        return Reply<object?>(200, "OK", null);
    }

    /// <summary>The camera the path names, or the answer when there is none (vhost, name, registration checked).</summary>
    private static async Task<(CameraRegistration? Camera, IResult? Problem)> FindAsync(
        IOriginCameras registry, string vh, string app, string stream, CancellationToken cancellationToken)
    {
        if (!registry.HasVirtualHost(vh))
        {
            return (null, NotFound("Could not find the virtual host"));
        }

        if (!CameraPath.IsSafeName(app) || !CameraPath.IsSafeName(stream))
        {
            return (null, NotFound("Could not find the stream"));
        }

        var camera = await registry.FindAsync(new CameraPath(app, stream), cancellationToken);
        // API registrations belong to one virtual host; the static map and Redis to all of them.
        return camera is null || (camera.VirtualHost is { } owner && owner != vh)
            ? (null, NotFound("Could not find the stream"))
            : (camera, null);
    }

    private static IResult? CheckApp(IOriginCameras registry, string vh, string app) =>
        !registry.HasVirtualHost(vh) ? NotFound("Could not find the virtual host")
        : !CameraPath.IsSafeName(app) || !registry.HasApp(vh, app) ? NotFound("Could not find the application")
        : null;

    /// <summary>Validates the body against the rules a static origin follows; null with the first problem otherwise.</summary>
    private static CameraRegistration? Build(
        string vh, string app, StreamCreateRequest request, CameraProperties defaults, TimeProvider time, out string? error)
    {
        error = null;
        if (!CameraPath.IsSafeName(request.Name))
        {
            error = "name must be 1-128 letters, digits, '-', '_' or '.', not starting with '.'";
            return null;
        }

        if (request.Urls.Count is 0 or > CameraRegistration.MaxUrls)
        {
            error = $"urls must list 1 to {CameraRegistration.MaxUrls} rtsp:// or rtsps:// URLs";
            return null;
        }

        if (request.SubstreamUrls?.Count > CameraRegistration.MaxUrls)
        {
            error = $"substreamUrls must list at most {CameraRegistration.MaxUrls} rtsp:// or rtsps:// URLs";
            return null;
        }

        var urls = ParseUrls(request.Urls, "urls", out error);
        var substreamUrls = urls is null ? null : ParseUrls(request.SubstreamUrls ?? [], "substreamUrls", out error);
        if (urls is null || substreamUrls is null)
        {
            return null;
        }

        var p = request.Properties;
        error = CameraProperties.Check("properties.", p?.NoInputFailoverTimeoutMs, p?.UnusedStreamDeletionTimeoutMs, p?.RetryCount).FirstOrDefault();
        if (error is not null)
        {
            return null;
        }

        var properties = defaults with
        {
            NoInputFailoverTimeoutMs = p?.NoInputFailoverTimeoutMs ?? defaults.NoInputFailoverTimeoutMs,
            UnusedStreamDeletionTimeoutMs = p?.UnusedStreamDeletionTimeoutMs ?? defaults.UnusedStreamDeletionTimeoutMs,
            IgnoreRtcpSRTimestamp = p?.IgnoreRtcpSRTimestamp ?? defaults.IgnoreRtcpSRTimestamp,
            RetryCount = p?.RetryCount ?? defaults.RetryCount,
        };
        return new CameraRegistration(new CameraPath(app, request.Name), urls, properties, p?.Persistent ?? false, CameraSource.Rest)
        {
            VirtualHost = vh,
            CreatedAt = time.GetUtcNow(),
            SubstreamUrls = substreamUrls,
        };
    }

    /// <summary>The parsed URLs of one body list; null with the first problem (never the URL itself).</summary>
    private static List<CameraUrl>? ParseUrls(List<string> texts, string key, out string? error)
    {
        var urls = CameraUrl.TryParseAll(texts, out var index, out var problem);
        error = urls is null ? $"{key}[{index}] {problem}" : null;
        return urls;
    }

    private static ValueTask<bool> AuditAsync(
        IAuditWriter audit, HttpContext context, TimeProvider time, CameraRegistration camera, string action, CancellationToken cancellationToken) =>
        audit.WriteAsync(
            new CameraRegisteredRecord
            {
                Time = time.GetUtcNow(),
                TraceId = GateTrace.IdOf(context),
                App = camera.Camera.App,
                Camera = camera.Camera.Stream,
                Action = action,
                Source = "rest",
                Host = string.Join(",", camera.Urls.Select(u => u.Host).Distinct(StringComparer.OrdinalIgnoreCase)),
                Operator = ManagementAuthentication.AdministratorName(context),
            },
            cancellationToken);

    private static IResult BadRequest(string message) => Reply<object?>(400, "Bad Request: " + message, null);

    private static IResult NotFound(string message) => Reply<object?>(404, "Not Found: " + message, null);

    private static IResult Reply<T>(int status, string message, T response) => ManagementReply.With(status, message, response);
}
