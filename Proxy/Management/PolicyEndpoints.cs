using Microsoft.Extensions.Options;
using SecureStream.Policy.PolicyFile;
using SecureStream.Proxy.Hosting;
using SecureStream.Proxy.Readiness;

namespace SecureStream.Proxy.Management;

/// <summary>
/// <c>GET /v1/policy</c> (authenticated, OME's response wrapper): the running policy, the file on
/// disk and the latest reload with its problems. A rejected reload is listed here with every
/// problem the loader named (up to <see cref="PolicyReloadAttempt.MaxKeptErrors"/>), e.g. the
/// environment variable a secret reference needs.
/// </summary>
internal static class PolicyEndpoints
{
    public static void MapPolicyEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/v1/policy", (HttpContext context, PolicyStore store, IOptions<PolicyOptions> options) =>
        {
            var running = store.Current;
            var file = store.InspectFile();
            var problems = GatewayReadiness.Problems(context.RequestServices);
            var view = new PolicyStatusView(
                store.Path,
                options.Value.ReloadOnChange,
                problems.Count == 0,
                problems,
                running.LoadedAt,
                running.ContentHash,
                running.Admission is not null,
                PolicyStatusView.StateName(file.State),
                file.ContentHash,
                PolicyReloadView.From(store.LastReload));
            return ManagementReply.With(200, "OK", view);
        });
}
