using SecureStream.Policy.PolicyFile;

namespace SecureStream.Proxy.Readiness;

/// <summary>
/// Whether this gateway runs the configuration its operator gave it. Not ready means "serving,
/// but not as configured": a policy.json whose reload was rejected keeps the previous policy
/// running — for example one without the admission webhook the file enables — so an orchestrator
/// should take the node out of rotation and a person must act. Liveness (<c>/healthz</c>) is
/// separate: restarting would not help, and with the same file and environment the gateway would
/// not even start.
/// </summary>
internal static class GatewayReadiness
{
    /// <summary>
    /// The reason codes (<see cref="ReadinessReasonCodes"/>) that make the gateway not ready;
    /// empty when ready. Reads in-memory state only, so an unauthenticated probe costs nothing.
    /// </summary>
    public static IReadOnlyList<string> Problems(PolicyStore policy) =>
        policy.ReloadRejected ? [ReadinessReasonCodes.PolicyReloadRejected] : [];
}
