namespace SecureStream.Proxy.Readiness;

/// <summary>
/// <c>GET /readyz</c> on the management listener (the gateway's, and the standalone origin's when
/// it has one), for orchestrators and load balancers: 200 <c>ready</c>, or 503
/// <c>not ready: code[,code]</c>. Unauthenticated like <c>/healthz</c>, so it says only reason
/// codes: no paths, variable names or messages, which the authenticated <c>GET /v1/policy</c>
/// and the logs give (docs/operations.md).
/// </summary>
internal static class ReadinessEndpoints
{
    public const string Path = "/readyz";

    /// <summary>The liveness probe's path: 200 while the process answers (docs/operations.md).</summary>
    public const string LivenessPath = "/healthz";

    public static void MapReadiness(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            // A probe must see the state of this moment, never a cached answer.
            context.Response.Headers.CacheControl = "no-store";
            var problems = GatewayReadiness.Problems(context.RequestServices);
            return problems.Count == 0
                ? Results.Text("ready")
                : Results.Text("not ready: " + string.Join(',', problems), statusCode: StatusCodes.Status503ServiceUnavailable);
        });
}
