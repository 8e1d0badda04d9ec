namespace SecureStream.Policy.Admission;

/// <summary>
/// Stops calling a webhook receiver that keeps failing, so a dead receiver costs viewers one
/// fast 503 instead of a full timeout each, and the receiver gets room to recover. After
/// <c>failureThreshold</c> consecutive unavailable outcomes the circuit opens for
/// <c>breakDuration</c>; then exactly one trial call is let through: success closes the circuit,
/// failure opens it again. A denial is a healthy answer and counts as success. Thread-safe;
/// time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AdmissionCircuitBreaker
{
    private readonly Lock _lock = new();
    private readonly int _failureThreshold;
    private readonly TimeSpan _breakDuration;
    private readonly TimeProvider _timeProvider;
    private int _consecutiveFailures;
    private long _openedAt;
    private bool _open;
    private bool _trialInFlight;

    /// <summary>Creates a closed breaker.</summary>
    public AdmissionCircuitBreaker(int failureThreshold, TimeSpan breakDuration, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(breakDuration, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _failureThreshold = failureThreshold;
        _breakDuration = breakDuration;
        _timeProvider = timeProvider;
    }

    /// <summary>The current state (for logs, metrics and tests).</summary>
    public AdmissionCircuitState State
    {
        get
        {
            lock (_lock)
            {
                return !_open ? AdmissionCircuitState.Closed
                    : BreakOver() ? AdmissionCircuitState.HalfOpen
                    : AdmissionCircuitState.Open;
            }
        }
    }

    /// <summary>
    /// Asks to make a call. True when the circuit is closed, or when it is half-open and this
    /// caller got the single trial (<paramref name="trial"/> is then true); the caller must report
    /// the result with <see cref="RecordSuccess"/>, <see cref="RecordFailure"/> or
    /// <see cref="RecordAbandoned"/>, passing <paramref name="trial"/> back.
    /// </summary>
    public bool TryAcquire(out bool trial)
    {
        lock (_lock)
        {
            trial = false;
            if (!_open)
            {
                return true;
            }

            if (_trialInFlight || !BreakOver())
            {
                return false;
            }

            _trialInFlight = true;
            trial = true;
            return true;
        }
    }

    /// <summary>The receiver answered (allowed or denied). Returns true when this closed an open circuit.</summary>
    public bool RecordSuccess()
    {
        lock (_lock)
        {
            var wasOpen = _open;
            _open = false;
            _trialInFlight = false;
            _consecutiveFailures = 0;
            return wasOpen;
        }
    }

    /// <summary>The receiver was unavailable. Returns true when this opened (or re-opened) the circuit.</summary>
    public bool RecordFailure(bool trial)
    {
        lock (_lock)
        {
            if (_open)
            {
                // A failed trial re-opens for a full break; a late failure from a call that started
                // before the circuit opened changes nothing.
                if (trial && _trialInFlight)
                {
                    _trialInFlight = false;
                    _openedAt = _timeProvider.GetTimestamp();
                    return true;
                }

                return false;
            }

            _consecutiveFailures++;
            if (_consecutiveFailures < _failureThreshold)
            {
                return false;
            }

            _open = true;
            _openedAt = _timeProvider.GetTimestamp();
            return true;
        }
    }

    /// <summary>The call ended without a result (the caller cancelled); frees the trial slot.</summary>
    public void RecordAbandoned(bool trial)
    {
        lock (_lock)
        {
            if (trial)
            {
                _trialInFlight = false;
            }
        }
    }

    private bool BreakOver() => _timeProvider.GetElapsedTime(_openedAt) >= _breakDuration;
}
