using SecureStream.Policy.Access;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Lockout;

/// <summary>
/// Built-in fail2ban: counts signature and token failures per source (IPv4 address, IPv6 /64) in a
/// fixed window; more than the threshold locks the source out for the configured duration, and
/// the gate then refuses it before parsing or validating anything (docs/security.md "Refusals,
/// lockout and pending admissions").
/// </summary>
/// <remarks>
/// Security invariants: at most <see cref="LockoutOptions.MaxSources"/> sources are tracked; when
/// the table is full, entries whose window and lockout are over are pruned — lazily, on insert,
/// at most once per window, so no timer runs — and a new source that still finds no room is not
/// counted (it is still rate limited), while a locked-out source is never evicted to make room.
/// Exactly one caller sees the failure that starts a lockout, so the lockout is audited once.
/// </remarks>
internal sealed class SourceLockout(LockoutOptions options) : ISourceLockouts
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ClientSource, Entry> _entries = [];
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.WindowSeconds);
    private readonly TimeSpan _duration = TimeSpan.FromSeconds(options.DurationSeconds);
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>The window failures are counted in.</summary>
    public TimeSpan Window => _window;

    /// <summary>Sources tracked now (counting or locked out).</summary>
    public int Tracked
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The failures that count: a credential that fails its MAC or signature, cannot be parsed, or
    /// names a key or algorithm the gateway does not have — what guessing and forging produce.
    /// Expired links, missing credentials and retired keys do not count: honest players hold them.
    /// </summary>
    public static bool Counts(AccessReason reason) => reason is AccessReason.SignatureInvalid or AccessReason.SignatureMalformed
        or AccessReason.PolicyMalformed or AccessReason.TokenMalformed or AccessReason.TokenInvalid
        or AccessReason.TokenKeyUnknown or AccessReason.TokenAlgorithmRefused;

    /// <summary>True while <paramref name="source"/> is locked out. O(1).</summary>
    public bool IsLockedOut(ClientSource source, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(source, out var entry) && entry.Until > now;
        }
    }

    /// <summary>
    /// Counts one failure. Returns the lockout when this very failure started it (exactly one
    /// caller per lockout), otherwise null.
    /// </summary>
    public LockoutState? RecordFailure(ClientSource source, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(source, out var entry))
            {
                if (_entries.Count >= options.MaxSources && !Prune(now))
                {
                    return null;
                }

                entry = new Entry(now);
                _entries[source] = entry;
            }

            if (entry.Until > now)
            {
                return null;
            }

            if (entry.Until is not null || now - entry.WindowStart >= _window)
            {
                // A lockout that ended, or a window that did: count afresh.
                entry.Until = null;
                entry.WindowStart = now;
                entry.Failures = 0;
            }

            entry.Failures++;
            if (entry.Failures <= options.Threshold)
            {
                return null;
            }

            entry.Since = now;
            entry.Until = now + _duration;
            return new LockoutState(source, now, entry.Until.Value, entry.Failures);
        }
    }

    /// <summary>The sources locked out now, longest-locked first.</summary>
    public IReadOnlyList<LockoutState> Active(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _entries
                .Where(pair => pair.Value.Until > now)
                .Select(pair => new LockoutState(pair.Key, pair.Value.Since, pair.Value.Until!.Value, pair.Value.Failures))
                .OrderBy(state => state.Since)
                .ToList();
        }
    }

    /// <summary>Ends <paramref name="source"/>'s lockout now; false when it was not locked out.</summary>
    public bool TryLift(ClientSource source, DateTimeOffset now, out LockoutState lifted)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(source, out var entry) && entry.Until > now)
            {
                lifted = new LockoutState(source, entry.Since, entry.Until.Value, entry.Failures);
                _entries.Remove(source);
                return true;
            }

            lifted = default;
            return false;
        }
    }

    /// <summary>O(tracked sources) under the lock, so only once per scrape.</summary>
    public long? CountActive(DateTimeOffset now)
    {
        lock (_lock)
        {
            var active = 0;
            foreach (var entry in _entries.Values)
            {
                if (entry.Until > now)
                {
                    active++;
                }
            }

            return active;
        }
    }

    public ValueTask<bool> IsLockedOutAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IsLockedOut(source, now));

    public ValueTask<LockoutState?> RecordFailureAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RecordFailure(source, now));

    public ValueTask<IReadOnlyList<LockoutState>> ActiveAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Active(now));

    public ValueTask<LockoutState?> TryLiftAsync(ClientSource source, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryLift(source, now, out var lifted) ? lifted : (LockoutState?)null);

    // True when there is room afterwards. Runs at most once per window: a table that is full of
    // live entries stays full until their windows end, and scanning it per request would be O(n).
    private bool Prune(DateTimeOffset now)
    {
        if (now - _lastPrune < _window)
        {
            return false;
        }

        _lastPrune = now;
        foreach (var (source, entry) in _entries)
        {
            if (entry.Until is { } until ? until <= now : now - entry.WindowStart >= _window)
            {
                _entries.Remove(source);
            }
        }

        return _entries.Count < options.MaxSources;
    }

    private sealed class Entry(DateTimeOffset windowStart)
    {
        public DateTimeOffset WindowStart { get; set; } = windowStart;

        public int Failures { get; set; }

        public DateTimeOffset Since { get; set; }

        public DateTimeOffset? Until { get; set; }
    }
}
