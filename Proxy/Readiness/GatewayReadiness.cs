using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;

namespace SecureStream.Proxy.Readiness;

/// <summary>
/// Whether this gateway runs the configuration its operator gave it. Not ready means "serving,
/// but not as configured": a policy.json whose reload was rejected keeps the previous policy
/// running — for example one without the admission webhook the file enables — so an orchestrator
/// should take the node out of rotation and a person must act. An audit journal that cannot be
/// written is not ready too: the gateway refuses every viewer (fail closed) until it can, and
/// recovers by itself when space is back. Liveness (<c>/healthz</c>) is separate and stays 200 for
/// both: restarting would not help — with the same file and environment the gateway would not
/// even start, and a full disk stays full.
/// </summary>
internal static class GatewayReadiness
{
    /// <summary>
    /// The reason codes (<see cref="ReadinessReasonCodes"/>) that make the gateway not ready;
    /// empty when ready. Reads in-memory state only, so an unauthenticated probe costs nothing.
    /// </summary>
    public static IReadOnlyList<string> Problems(PolicyStore policy, AuditHealth journal)
    {
        var problems = new List<string>(2);
        if (policy.ReloadRejected)
        {
            problems.Add(ReadinessReasonCodes.PolicyReloadRejected);
        }

        if (journal.Status == AuditHealthStatus.Unhealthy)
        {
            problems.Add(ReadinessReasonCodes.AuditJournalUnhealthy);
        }

        return problems;
    }
}
