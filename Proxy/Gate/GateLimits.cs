using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Lockout;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Proxy.Gate;

/// <summary>Size and rate limits the gate enforces before reading anything large.</summary>
internal sealed class GateLimits : IDisposable
{
    // One reference holds both, so a reader never pairs one snapshot with another's names.
    private Tuple<PolicySnapshot, IReadOnlySet<string>>? _reserved;

    public RequestShapeLimits Shape { get; init; } = RequestShapeLimits.Default;

    /// <summary>Per-client request rate; null = no limit.</summary>
    public ClientRateLimiter? RateLimiter { get; init; }

    /// <summary>Largest WHEP offer accepted (SDP offers are a few KB; 1 MB offers are an attack).</summary>
    public long MaxOfferBytes { get; init; } = 64 * 1024;

    /// <summary>Per-source lockout after repeated signature or token failures; null = off.</summary>
    public ISourceLockouts? Lockout { get; init; }

    /// <summary>Per-source and total cap on evaluations in flight; null = off.</summary>
    public PendingAdmissions? Pending { get; init; }

    /// <summary>Snapshots in flight, per source and in total (<see cref="GateOptions.MaxSnapshotsPerSource"/>); null: they take session places.</summary>
    public PendingAdmissions? Snapshots { get; init; }

    /// <summary>Aggregation of pre-authentication refusals; null = every refusal is written.</summary>
    public RefusalAggregator? Refusals { get; init; }

    /// <summary>
    /// The limits as configured in the <c>Gate</c> section; refusal aggregation writes its
    /// summaries to <paramref name="audit"/> (without one, every refusal is written). A
    /// <paramref name="sharedLockouts"/> table (cluster mode) replaces the in-process one.
    /// </summary>
    public static GateLimits From(GateOptions options, TimeProvider time, IAuditWriter? audit = null, ILoggerFactory? loggers = null, ISourceLockouts? sharedLockouts = null) => new()
    {
        Shape = new RequestShapeLimits { MaxTargetLength = options.MaxTargetLength, MaxParameters = options.MaxParameters },
        MaxOfferBytes = options.MaxOfferBytes,
        RateLimiter = options.RequestsPerSecond > 0 ? new ClientRateLimiter(options.RequestsPerSecond, options.Burst, time) : null,
        Lockout = options.Lockout.Enabled ? sharedLockouts ?? new SourceLockout(options.Lockout) : null,
        Pending = options.MaxPendingPerSource > 0 ? new PendingAdmissions(options.MaxPendingPerSource, options.MaxPending) : null,
        Snapshots = options.MaxSnapshotsPerSource > 0 ? new PendingAdmissions(options.MaxSnapshotsPerSource, options.MaxSnapshots) : null,
        Refusals = options.RefusalSummarySeconds > 0 && audit is not null && loggers is not null
            ? new RefusalAggregator(TimeSpan.FromSeconds(options.RefusalSummarySeconds), options.MaxRefusalKeys, audit, time, loggers.CreateLogger<RefusalAggregator>())
            : null,
    };

    public void Dispose() => Refusals?.Dispose();

    /// <summary>
    /// The credential parameter names of the current policy (signed-link names, token, configured
    /// extras), which may appear only once and only in their exact spelling. Cached per snapshot.
    /// </summary>
    public IReadOnlySet<string> ReservedNames(PolicySnapshot snapshot)
    {
        var cached = Volatile.Read(ref _reserved);
        if (cached is not null && ReferenceEquals(cached.Item1, snapshot))
        {
            return cached.Item2;
        }

        var names = new HashSet<string>(snapshot.Forwarding.CredentialParams, StringComparer.Ordinal)
        {
            snapshot.SignedUrls.Names.Policy,
            snapshot.SignedUrls.Names.Signature,
            AccessGate.TokenParameter,
        };
        Volatile.Write(ref _reserved, Tuple.Create(snapshot, (IReadOnlySet<string>)names));
        return names;
    }
}
