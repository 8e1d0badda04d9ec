using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// The single-node <see cref="ILinkUseRegistry"/>: counts in process memory, under one lock (a
/// dictionary update is far cheaper than the credential check before it, so the lock is not a
/// bottleneck, and it makes check-and-count one atomic step).
/// </summary>
/// <remarks>
/// Memory is bounded two ways: entries are forgotten lazily (a sweep at most once per
/// <see cref="PruneInterval"/>) once their link can no longer be accepted, plus a safety
/// <see cref="RetentionMargin"/>; and the number of entries is capped. When the cap is reached even
/// after a sweep, new link ids are refused (fail closed) and a warning is logged: forgetting a
/// live entry instead would let a single-use link be used twice.
/// </remarks>
internal sealed partial class InMemoryLinkUseRegistry : ILinkUseRegistry
{
    /// <summary>Default most link ids remembered at once.</summary>
    public const int DefaultCapacity = 1_000_000;

    /// <summary>Least time between two sweeps for forgotten entries.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    /// <summary>Extra time an entry is kept past its <c>forgetAfter</c>, in case a caller forgot the clock skew.</summary>
    public static readonly TimeSpan RetentionMargin = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkUse> _uses = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public InMemoryLinkUseRegistry(
        TimeProvider timeProvider, ILogger<InMemoryLinkUseRegistry>? logger = null, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _capacity = capacity;
    }

    /// <summary>Link ids currently remembered (for tests and metrics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _uses.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUseAsync(string linkId, int maxUses, DateTimeOffset forgetAfter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxUses);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        if (maxUses == 0)
        {
            return ValueTask.FromResult(true);
        }

        if (string.IsNullOrEmpty(linkId))
        {
            return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(TryUse(linkId, maxUses, forgetAfter + RetentionMargin));
    }

    private bool TryUse(string linkId, int maxUses, DateTimeOffset keepUntil)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (now >= _nextPrune)
            {
                Prune(now);
            }

            if (_uses.TryGetValue(linkId, out var use) && use.ForgetAfter >= now)
            {
                if (use.Count >= maxUses)
                {
                    return false;
                }

                _uses[linkId] = new LinkUse(use.Count + 1, Max(use.ForgetAfter, keepUntil));
                return true;
            }

            // Not known, or known but past its retention (its link is no longer accepted): a fresh count.
            if (_uses.Count >= _capacity && !_uses.ContainsKey(linkId))
            {
                Prune(now);
                if (_uses.Count >= _capacity)
                {
                    Log.RegistryFull(_logger, _capacity);
                    return false;
                }
            }

            _uses[linkId] = new LinkUse(1, keepUntil);
            return true;
        }
    }

    // Caller holds _gate. Removing while enumerating is allowed for Dictionary since .NET Core 3.0.
    private void Prune(DateTimeOffset now)
    {
        _nextPrune = now + PruneInterval;
        var removed = 0;
        foreach (var (linkId, use) in _uses)
        {
            if (use.ForgetAfter < now)
            {
                _uses.Remove(linkId);
                removed++;
            }
        }

        if (removed > 0)
        {
            Log.Pruned(_logger, removed, _uses.Count);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
