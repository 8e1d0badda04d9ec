using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The gate's own limits (the <c>Gate</c> section): request sizes, and how many signalling
/// requests one client address may make per second before it gets 429 <c>rate_limited</c>.
/// </summary>
public sealed class GateOptions
{
    public const string SectionName = "Gate";

    /// <summary>Longest request target (path and query) accepted; longer is 414.</summary>
    public int MaxTargetLength { get; set; } = 4096;

    /// <summary>Most query parameters accepted; more is 400.</summary>
    public int MaxParameters { get; set; } = 32;

    /// <summary>Largest WHEP offer body accepted; larger is 413.</summary>
    public int MaxOfferBytes { get; set; } = 64 * 1024;

    /// <summary>Sustained signalling requests per second per client address; 0 switches the limit off.</summary>
    public int RequestsPerSecond { get; set; } = 20;

    /// <summary>Requests a client may make at once before the per-second rate applies.</summary>
    public int Burst { get; set; } = 40;

    /// <summary>
    /// Length of a refusal aggregation interval in seconds: per source and reason, the first
    /// pre-authentication refusal is written, the rest are counted into one summary record when
    /// the interval closes. 0 writes every refusal. A minute: scenario S6 (docs/benchmarks/hostile-load.md)
    /// measured 10 s intervals at 1.3 MB of journal a minute under a flood from 200 addresses,
    /// nearly all of it the first record and the summary of each locked-out source every 10 s.
    /// </summary>
    public int RefusalSummarySeconds { get; set; } = 60;

    /// <summary>
    /// (source, reason) pairs aggregated one by one in an interval — so also the most refusals
    /// written in full per interval; beyond, one overflow bucket per reason.
    /// </summary>
    public int MaxRefusalKeys { get; set; } = 256;

    /// <summary>Gate evaluations one source may have in flight (waiting on the webhook or journal); 0 switches the cap off.</summary>
    public int MaxPendingPerSource { get; set; } = 16;

    /// <summary>Gate evaluations in flight from all sources together.</summary>
    public int MaxPending { get; set; } = 256;

    /// <summary>
    /// Snapshots (<c>GET /{app}/{stream}/snapshot.jpg</c>) in flight from one source; 0 turns the
    /// snapshot pool off (snapshots then take places in the viewing-session pool like playback).
    /// A snapshot is one short request, not a viewing session: it has its own pool so a wall's
    /// posters never take the places its videos need (docs/snapshots.md, "Limits").
    /// </summary>
    public int MaxSnapshotsPerSource { get; set; } = 16;

    /// <summary>Snapshots in flight from all sources together: bounds the cold pulls snapshots can start at once.</summary>
    public int MaxSnapshots { get; set; } = 64;

    /// <summary>Automatic lockout after repeated signature or token failures.</summary>
    public LockoutOptions Lockout { get; set; } = new();
}
