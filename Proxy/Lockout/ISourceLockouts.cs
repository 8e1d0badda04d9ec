using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Lockout;

/// <summary>
/// The lockout table the gate and the management API use: <see cref="SourceLockout"/> in one
/// process, a Redis-backed one in cluster mode, where a source locked out through one front door
/// is locked out on all and its failures are counted across them (docs/cluster.md). A shared table
/// that cannot answer throws <see cref="Policy.Redis.SharedStateUnavailableException"/>.
/// </summary>
internal interface ISourceLockouts
{
    /// <summary>The window failures are counted in.</summary>
    TimeSpan Window { get; }

    /// <summary>True while <paramref name="source"/> is locked out.</summary>
    ValueTask<bool> IsLockedOutAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts one failure; the lockout when this very failure started it (exactly one caller per lockout), otherwise null.</summary>
    ValueTask<LockoutState?> RecordFailureAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The sources locked out now, longest-locked first.</summary>
    ValueTask<IReadOnlyList<LockoutState>> ActiveAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends <paramref name="source"/>'s lockout now; null when it was not locked out.</summary>
    ValueTask<LockoutState?> TryLiftAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// How many sources are locked out now, for the <c>securestream_lockouts_active</c> gauge; never
    /// waits on the network (a shared table answers with its last count and refreshes it in the
    /// background); null while unknown.
    /// </summary>
    long? CountActive(DateTimeOffset now);
}
