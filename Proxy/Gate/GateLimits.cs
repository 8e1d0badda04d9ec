using SecureStream.Policy.PolicyFile;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Proxy.Gate;

/// <summary>Size and rate limits the gate enforces before reading anything large.</summary>
internal sealed class GateLimits
{
    // One reference holds both, so a reader never pairs one snapshot with another's names.
    private Tuple<PolicySnapshot, IReadOnlySet<string>>? _reserved;

    public RequestShapeLimits Shape { get; init; } = RequestShapeLimits.Default;

    /// <summary>Per-client request rate; null = no limit.</summary>
    public ClientRateLimiter? RateLimiter { get; init; }

    /// <summary>Largest WHEP offer accepted (SDP offers are a few KB; 1 MB offers are an attack).</summary>
    public long MaxOfferBytes { get; init; } = 64 * 1024;

    /// <summary>The limits as configured in the <c>Gate</c> section.</summary>
    public static GateLimits From(GateOptions options, TimeProvider time) => new()
    {
        Shape = new RequestShapeLimits { MaxTargetLength = options.MaxTargetLength, MaxParameters = options.MaxParameters },
        MaxOfferBytes = options.MaxOfferBytes,
        RateLimiter = options.RequestsPerSecond > 0 ? new ClientRateLimiter(options.RequestsPerSecond, options.Burst, time) : null,
    };

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
