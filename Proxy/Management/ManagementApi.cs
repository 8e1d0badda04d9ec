using SecureStream.Policy.Audit;
using SecureStream.Policy.Redis;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Hosting;
using SecureStream.Proxy.Metrics;
using SecureStream.Proxy.OperatorConsole;
using SecureStream.Proxy.Readiness;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>
/// The management listener's routes. OME's response wrapper
/// (<c>{"statusCode","message","response"}</c>); ours: live sessions can be listed and kicked,
/// the policy reloaded on demand, and cameras registered (<see cref="CameraEndpoints"/>). Nothing
/// here ever returns a secret.
/// </summary>
internal static class ManagementApi
{
    public static void UseManagementApi(this IApplicationBuilder app)
    {
        // The outer pipeline already matched YARP's catch-all route; forget it, so only the
        // management routes below can answer on this listener.
        app.Use((context, next) =>
        {
            context.SetEndpoint(null);
            context.Request.RouteValues.Clear();
            return next(context);
        });
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            // The probes answer without the token; /readyz says reason codes only. The console's
            // page and files hold no data (docs/console.md): its API calls carry the token.
            if (context.Request.Path == ReadinessEndpoints.LivenessPath || context.Request.Path == ReadinessEndpoints.Path
                || OperatorConsoleEndpoints.IsPublic(context.Request.Path))
            {
                await next(context);
                return;
            }

            // A page of another site must not drive the API with a login the browser remembers
            // (a Basic challenge makes browsers cache it): browsers say where a request comes
            // from, and only the console's own same-origin calls, or no browser at all, pass.
            if (IsFromAnotherSite(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await ManagementReply.WriteAsync(context.Response, 403, "Forbidden: cross_site_request");
                return;
            }

            var auth = context.RequestServices.GetRequiredService<ManagementAuthentication>();
            if (context.Request.Path == MetricsServiceCollectionExtensions.Path && auth.CarriesMetricsToken(context.Request))
            {
                await next(context);
                return;
            }

            if (auth.AdministratorOf(context.Request) is not { } administrator)
            {
                auth.Challenge(context.Response);
                await ManagementReply.WriteAsync(context.Response, 401, "Unauthorized");
                return;
            }

            ManagementAuthentication.SetAdministrator(context, administrator);
            await next(context);
        });
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapGet(ReadinessEndpoints.LivenessPath, (AuditJournal journal) => Health(journal.Health));
            endpoints.MapCameraEndpoints();
            endpoints.MapReadiness();
            endpoints.MapPolicyEndpoints();
            endpoints.MapLockoutEndpoints();
            endpoints.MapSessionEndpoints();
            endpoints.MapConsoleEndpoints();
            endpoints.MapGatewayMetrics();
            endpoints.MapOperatorConsole();
            endpoints.MapPost("/v1/policy/reload", async (PolicyReloadService reload, CancellationToken ct) =>
            {
                var errors = await reload.ReloadAsync(ct);
                return errors.Count == 0
                    ? Ok<object?>(null)
                    : ManagementReply.With(400, "Invalid policy", errors);
            });
        });
    }

    /// <summary>
    /// 200 <c>ok</c>; 200 <c>degraded: why</c> (disk below the warning watermark); 503
    /// <c>unhealthy: why</c> while the audit journal cannot write (viewers are refused) or the disk
    /// is below the hard watermark. The reason is a constant text with numbers, never a secret.
    /// </summary>
    /// <summary>
    /// Liveness: 200 while the process answers, whatever the journal's state, which the text gives.
    /// A journal that cannot be written makes <c>/readyz</c> fail instead: a restart would not free
    /// the disk, and the journal recovers by itself when space is back (docs/configuration.md).
    /// </summary>
    private static IResult Health(AuditHealth health) => health.Status switch
    {
        AuditHealthStatus.Healthy => Results.Text("ok"),
        AuditHealthStatus.Degraded => Results.Text("degraded: " + health.Reason),
        _ => Results.Text("unhealthy: " + health.Reason),
    };

    /// <summary>
    /// A browser's request that another site's page made: <c>Sec-Fetch-Site</c> other than
    /// <c>same-origin</c> or <c>none</c> (typed or bookmarked). Clients that are not browsers
    /// (curl, Prometheus, scripts) send no such header and are judged by their token alone.
    /// </summary>
    private static bool IsFromAnotherSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none");

    private static IResult Ok<T>(T response) => ManagementReply.With(200, "OK", response);
}
