using Microsoft.Extensions.Logging;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Streams;

/// <summary>
/// The source side of <see cref="CameraStream"/>'s loop: starting an attempt on one URL, taking
/// its tracks, failing over to the next URL with backoff, the no-input watchdog, giving up, and
/// disposing sources (the rules are in the type's remarks). Runs on the loop only.
/// </summary>
internal sealed partial class CameraStream
{
    private void StartAttempt(int index)
    {
        var generation = ++_generation;
        _urlIndex = index;
        _sourceReady = false;
        _attemptStartedAt = _time.GetTimestamp();
        if (++_sourceStarts > 1)
        {
            _metrics.Reconnected(Camera);
        }
        _fanOut.BeginGeneration(generation);
        _watchdog = Arm(TickKind.Watchdog, _settings.NoInputFailoverTimeout);
        Log.SourceStarting(_logger, Camera, index, _urls.Count);

        ICameraSource source;
        try
        {
            source = _factory.Create(_urls[index], _keyframeRequested);
        }
#pragma warning disable CA1031 // A factory that cannot make a source for this URL is a failed attempt, like a refused connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = ex is CameraSourceException cse ? cse.Reason : "source_create_failed";
            _commands.Writer.TryWrite(new SourceFailed(generation, reason));
            return;
        }

        _source = source;
        _metrics.SourceOpened();
        var cancel = new CancellationTokenSource();
        _attemptCancel = cancel;
        var sink = _fanOut.CreateSink(generation, (g, reason) => _commands.Writer.TryWrite(new SourceFailed(g, reason)));
        Task<IReadOnlyList<TrackDescription>> start;
        try
        {
            start = source.StartAsync(sink, cancel.Token);
        }
#pragma warning disable CA1031 // A source that throws instead of returning a faulted task is treated the same.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            start = Task.FromException<IReadOnlyList<TrackDescription>>(ex);
        }

        // Posting is a non-blocking TryWrite, so it may run inline on whichever thread completes the start.
        _ = start.ContinueWith(
            static (task, state) =>
            {
                var (stream, generation) = ((CameraStream, long))state!;
                Command result = task.IsCompletedSuccessfully
                    ? new StartSucceeded(generation, task.Result)
                    : new SourceFailed(generation, task.Exception?.InnerException is CameraSourceException cse ? cse.Reason
                        : task.IsCanceled ? "start_cancelled" : "source_error");
                stream._commands.Writer.TryWrite(result);
            },
            (this, generation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnStartSucceeded(long generation, IReadOnlyList<TrackDescription> tracks)
    {
        if (generation != _generation || _source is null)
        {
            return;
        }

        _sourceReady = true;
        _metrics.SourceReady(Camera);
        _attemptStartedAt = _time.GetTimestamp();
        var previous = _tracks;
        if (previous is not null && !SameCodecs(previous, tracks))
        {
            Log.TracksChanged(_logger, Camera, _urlIndex, _subscribers.Count);
            EndSubscribers(StreamEndReasons.TracksChanged);
        }

        _tracks = tracks;
        if (previous is not null)
        {
            foreach (var subscription in _subscribers)
            {
                subscription.OnSourceChanged(tracks);
            }
        }

        _fanOut.GoLive(generation);
        var video = tracks.FirstOrDefault(t => t.Kind == TrackKind.Video);
        Log.SourceReady(_logger, Camera, _urlIndex, tracks.Count, video?.Codec ?? MediaCodec.Unknown, video?.Width ?? 0, video?.Height ?? 0);

        if (State == CameraStreamState.Starting)
        {
            SetState(CameraStreamState.Ready);
            foreach (var waiter in _waiters)
            {
                waiter.Timeout?.Cancel();
                waiter.Result.TrySetResult(Attach(waiter.Probe));
            }

            _waiters.Clear();
            _waiterCount = 0;
        }
        else if (State == CameraStreamState.Ready && _subscribers.Count == 0)
        {
            // Everyone left because the codecs changed.
            SetState(CameraStreamState.Draining);
            _deletion = Arm(TickKind.Deletion, _settings.UnusedStreamDeletionTimeout);
        }
    }

    private void OnSourceFailed(long generation, string reason)
    {
        if (generation != _generation)
        {
            return;
        }

        _lastFailure = reason;
        Volatile.Write(ref _lastFailureAtMs, _time.GetUtcNow().ToUnixTimeMilliseconds());
        _metrics.PullFailed(Camera, reason);
        if (State == CameraStreamState.Starting && ++_startErrors >= _urls.Count)
        {
            _metrics.PullFailed(Camera, StreamEndReasons.CameraUnreachable);
            Log.StartFailed(_logger, Camera, _waiters.Count, reason);

            // The failed source is let go before anyone hears of the failure: a caller that
            // retries at once must not find this pull's connection still open.
            StopSource();
            FailWaiters(StreamEndReasons.CameraUnreachable, $"camera {Camera} could not be pulled from any of its {_urls.Count} URL(s)");
            Release();
            return;
        }

        Failover(reason, noInput: false);
    }

    private void Failover(string reason, bool noInput)
    {
        var wasHealthy = _sourceReady && _fanOut.FramesInCurrentGeneration > 0;
        var failedIndex = _urlIndex;
        StopSource();
        _failovers++;
        _metrics.Failover(Camera, noInput);
        if (wasHealthy)
        {
            _consecutiveFailures = 0;
        }

        _consecutiveFailures++;
        if (State is CameraStreamState.Ready or CameraStreamState.Draining && (wasHealthy || _giveUp is null))
        {
            Cancel(ref _giveUp);
            _giveUp = Arm(TickKind.GiveUp, _settings.GiveUpAfter);
        }

        var next = (failedIndex + 1) % _urls.Count;
        var delay = BackoffDelay(_consecutiveFailures);
        Log.SourceFailedOver(_logger, Camera, failedIndex, reason, next, (long)delay.TotalMilliseconds);
        if (delay == TimeSpan.Zero)
        {
            StartAttempt(next);
        }
        else
        {
            _retryIndex = next;
            _urlIndex = next;
            _retry = Arm(TickKind.Retry, delay);
        }
    }

    private TimeSpan BackoffDelay(int consecutiveFailures)
    {
        if (consecutiveFailures <= 1)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(consecutiveFailures - 2, 20);
        var delay = _settings.FailoverBackoff * (1L << doublings);
        return delay > _settings.FailoverBackoffMax ? _settings.FailoverBackoffMax : delay;
    }

    private void StopSource()
    {
        Cancel(ref _watchdog);
        Cancel(ref _retry);

        // Whatever the stopped source still reports (its cancelled start, its end) is now stale.
        _generation++;
        _fanOut.StopGeneration();
        _attemptCancel?.Cancel();
        _attemptCancel = null;
        _sourceReady = false;
        if (_source is { } source)
        {
            _source = null;
            _metrics.SourceClosed();
            _disposals.RemoveAll(t => t.IsCompleted);
            _disposals.Add(DisposeSourceAsync(source, _urlIndex));
        }
    }

    private async Task DisposeSourceAsync(ICameraSource source, int urlIndex)
    {
        try
        {
            await source.DisposeAsync();
        }
#pragma warning disable CA1031 // A failed TEARDOWN is logged; the connection is gone either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SourceDisposeFailed(_logger, Camera, urlIndex, ex);
        }
    }

    private void OnWatchdog()
    {
        var lastInput = Math.Max(_fanOut.LastInputTimestamp, _attemptStartedAt);
        var silent = _time.GetElapsedTime(lastInput);
        if (silent < _settings.NoInputFailoverTimeout)
        {
            _watchdog = Arm(TickKind.Watchdog, _settings.NoInputFailoverTimeout - silent);
            return;
        }

        _lastFailure = "no_input";
        Volatile.Write(ref _lastFailureAtMs, _time.GetUtcNow().ToUnixTimeMilliseconds());
        _metrics.PullFailed(Camera, "no_input");
        Failover("no_input", noInput: true);
    }

    private void OnGiveUp()
    {
        if (_sourceReady && _fanOut.FramesInCurrentGeneration > 0)
        {
            return;
        }

        Log.GaveUp(_logger, Camera, (long)_settings.GiveUpAfter.TotalSeconds, _subscribers.Count, _lastFailure ?? "none");
        _metrics.PullFailed(Camera, StreamEndReasons.CameraDown);
        EndSubscribers(StreamEndReasons.CameraDown);
        Release();
    }

    private static bool SameCodecs(IReadOnlyList<TrackDescription> a, IReadOnlyList<TrackDescription> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Kind != b[i].Kind || a[i].Codec != b[i].Codec)
            {
                return false;
            }
        }

        return true;
    }
}
