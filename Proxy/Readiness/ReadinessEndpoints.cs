using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;

namespace SecureStream.Proxy.Readiness;

/// <summary>
/// <c>GET /readyz</c> on the management listener, for orchestrators and load balancers: 200
/// <c>ready</c>, or 503 <c>not ready: code[,code]</c>. Unauthenticated like <c>/healthz</c>, so
/// it says only reason codes: no paths, variable names or messages, which the authenticated
/// <c>GET /v1/policy</c> gives (docs/configuration.md, "Readiness").
/// </summary>
internal static class ReadinessEndpoints
{
    public const string Path = "/readyz";

    public static void MapReadiness(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, (HttpContext context, PolicyStore policy, AuditJournal journal) =>
        {
            // A probe must see the state of this moment, never a cached answer.
            context.Response.Headers.CacheControl = "no-store";
            var problems = GatewayReadiness.Problems(policy, journal.Health);
            return problems.Count == 0
                ? Results.Text("ready")
                : Results.Text("not ready: " + string.Join(',', problems), statusCode: StatusCodes.Status503ServiceUnavailable);
        });
}
