using SecureStream.Proxy.Metrics;
using SecureStream.Proxy.Readiness;

namespace SecureStream.Proxy.Management;

/// <summary>
/// The standalone origin's management listener (<c>origin</c> verb, <c>Listeners:Management</c>
/// when enabled), so an orchestrator probes origins as it probes front doors (docs/operations.md):
/// <c>/healthz</c> and <c>/readyz</c> without a token, <c>/metrics</c> behind the same tokens as
/// the gateway's (an administrator's Basic token or <c>Management:MetricsToken</c> as Bearer).
/// Nothing else: an origin has no policy, sessions list or camera API of its own.
/// </summary>
internal static class OriginManagementApi
{
    public static void UseOriginManagementApi(this IApplicationBuilder app)
    {
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path == ReadinessEndpoints.LivenessPath || path == ReadinessEndpoints.Path)
            {
                await next(context);
                return;
            }

            var auth = context.RequestServices.GetRequiredService<ManagementAuthentication>();
            if (path == MetricsServiceCollectionExtensions.Path && (auth.CarriesMetricsToken(context.Request) || auth.AdministratorOf(context.Request) is not null))
            {
                await next(context);
                return;
            }

            auth.Challenge(context.Response);
            await ManagementReply.WriteAsync(context.Response, 401, "Unauthorized");
        });
        app.UseEndpoints(endpoints =>
        {
            // Liveness: the process answers. What can be wrong with an origin that a restart would
            // not mend (the media port, Redis) is readiness's to say.
            endpoints.MapGet(ReadinessEndpoints.LivenessPath, () => Results.Text("ok"));
            endpoints.MapReadiness();
            endpoints.MapGatewayMetrics();
        });
    }
}
