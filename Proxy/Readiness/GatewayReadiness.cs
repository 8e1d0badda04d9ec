using SecureStream.Media.Hosting;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Proxy.Cluster;

namespace SecureStream.Proxy.Readiness;

/// <summary>
/// Whether this process can serve as its operator configured it (docs/operations.md). Not ready
/// means "take me out of rotation": a policy.json whose reload was rejected keeps the previous
/// policy running — for example one without the admission webhook the file enables — so a person
/// must act; an audit journal that cannot be written makes the gateway refuse every viewer (fail
/// closed) until it can, and recovers by itself when space is back; Redis out of reach (cluster
/// mode) refuses the admissions that need shared state; a media port that another process holds
/// leaves the origin unable to carry media until the retried bind succeeds. Liveness
/// (<c>/healthz</c>) is separate and stays 200 for all of them: a restart would not help — with
/// the same file and environment the gateway would not even start, a full disk stays full, and
/// Redis and the port come back by themselves.
/// </summary>
internal static class GatewayReadiness
{
    /// <summary>
    /// The reason codes (<see cref="ReadinessReasonCodes"/>) that make this process not ready;
    /// empty when ready. Every check that applies to this process, from the services it runs: the policy and the
    /// journal (a front door), Redis (cluster mode), the media port (a process with an origin).
    /// A check whose part is not in this process (a front door only has no media port, the
    /// standalone origin no policy or journal) is not made. Reads in-memory state only: Redis is
    /// not asked (<see cref="SharedState.IsReachable"/>), the port not bound again.
    /// </summary>
    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var problems = new List<string>(4);
        if (services.GetService<PolicyStore>() is { } policy && services.GetService<AuditJournal>() is { } journal)
        {
            AddPolicyAndJournal(problems, policy, journal.Health);
        }

        if (services.GetService<SharedState>() is { IsReachable: false })
        {
            problems.Add(ReadinessReasonCodes.SharedStateUnavailable);
        }

        if (services.GetService<IMediaPortState>() is { IsBound: false })
        {
            problems.Add(ReadinessReasonCodes.MediaPortUnbound);
        }

        return problems;
    }

    private static void AddPolicyAndJournal(List<string> problems, PolicyStore policy, AuditHealth journal)
    {
        if (policy.ReloadRejected)
        {
            problems.Add(ReadinessReasonCodes.PolicyReloadRejected);
        }

        if (journal.Status == AuditHealthStatus.Unhealthy)
        {
            problems.Add(ReadinessReasonCodes.AuditJournalUnhealthy);
        }
    }
}
