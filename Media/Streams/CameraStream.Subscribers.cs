namespace SecureStream.Media.Streams;

/// <summary>
/// <see cref="CameraStream"/>'s subscribers: joining (at once when the source is live, or waiting —
/// bounded by the start timeout — while it starts), leaving (the last viewer starts the deletion
/// timeout; the last probe of an unwatched camera releases it), and ending everyone with a reason.
/// Runs on the loop only.
/// </summary>
internal sealed partial class CameraStream
{
    private void OnSubscribe(Waiter waiter)
    {
        if (waiter.Cancellation.IsCancellationRequested)
        {
            waiter.Result.TrySetCanceled(waiter.Cancellation);
            return;
        }

        switch (State)
        {
            case CameraStreamState.Idle:
                SetState(CameraStreamState.Starting);
                AddWaiter(waiter);
                StartAttempt(0);
                break;
            case CameraStreamState.Starting:
                AddWaiter(waiter);
                break;
            default:
                waiter.Result.TrySetResult(Attach(waiter.Probe));
                break;
        }
    }

    private void AddWaiter(Waiter waiter)
    {
        waiter.Timeout = Arm(TickKind.WaiterTimeout, _settings.StartTimeout, waiter);
        _waiters.Add(waiter);
        _waiterCount = _waiters.Count;
    }

    private void OnCancelWait(Waiter waiter)
    {
        if (!_waiters.Remove(waiter))
        {
            return;
        }

        _waiterCount = _waiters.Count;
        waiter.Timeout?.Cancel();
        AbandonStartIfNobodyWaits();
        waiter.Result.TrySetCanceled(waiter.Cancellation);
    }

    private void OnWaiterTimeout(Waiter waiter)
    {
        if (!_waiters.Remove(waiter))
        {
            return;
        }

        _waiterCount = _waiters.Count;
        Log.StartTimedOut(_logger, Camera, (long)_settings.StartTimeout.TotalMilliseconds, _lastFailure ?? "none");
        var lastFailure = _lastFailure;
        AbandonStartIfNobodyWaits();
        waiter.Result.TrySetException(new StreamStartException(
            StreamEndReasons.StartTimeout,
            lastFailure,
            $"camera {Camera} did not start within {(long)_settings.StartTimeout.TotalMilliseconds} ms"));
    }

    // Called before the leaving waiter hears its answer, so an abandoned start's source is
    // already let go when the caller goes on (and may retry).
    private void AbandonStartIfNobodyWaits()
    {
        if (State == CameraStreamState.Starting && _waiters.Count == 0)
        {
            Release();
        }
    }

    private StreamSubscription Attach(bool probe)
    {
        _watched |= !probe;
        var subscription = new StreamSubscription(Pull, _tracks ?? [], _settings.SubscriberQueueFrames, LeaveAsync, _metrics.FrameDropped, _requestKeyframe);
        _subscribers.Add(subscription);
        _subscriberCount = _subscribers.Count;
        _fanOut.Attach(subscription);
        if (_sourceReady && _fanOut.KeptKeyframe is null)
        {
            // The viewer's first picture would wait for the camera's next keyframe: ask for one
            // (the source limits how often).
            _source?.RequestKeyframe();
        }

        _metrics.ViewerJoined();
        Cancel(ref _deletion);
        if (State == CameraStreamState.Draining)
        {
            SetState(CameraStreamState.Ready);
        }

        return subscription;
    }

    private async ValueTask LeaveAsync(StreamSubscription subscription)
    {
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_commands.Writer.TryWrite(new Unsubscribe(subscription, ack)))
        {
            await ack.Task;
        }
    }

    private void OnUnsubscribe(StreamSubscription subscription)
    {
        if (!Detach(subscription))
        {
            return;
        }

        if (_subscribers.Count == 0 && State == CameraStreamState.Ready && !_watched)
        {
            // Only snapshots ever used this pull: it lasts until their keyframe, not a minute more.
            Log.ReleasedAfterProbe(_logger, Camera);
            Release();
            return;
        }

        if (_subscribers.Count == 0 && State == CameraStreamState.Ready)
        {
            SetState(CameraStreamState.Draining);
            _deletion = Arm(TickKind.Deletion, _settings.UnusedStreamDeletionTimeout);
        }
    }

    private bool Detach(StreamSubscription subscription)
    {
        if (!_subscribers.Remove(subscription))
        {
            return false;
        }

        _subscriberCount = _subscribers.Count;
        _fanOut.Detach(subscription);
        _metrics.ViewerLeft();
        Log.SubscriberLeft(_logger, Camera, subscription.FramesDelivered, subscription.FramesDropped);
        return true;
    }

    private void EndSubscribers(string reason)
    {
        foreach (var subscription in _subscribers.ToArray())
        {
            subscription.End(reason);
            Detach(subscription);
        }
    }

    private void FailWaiters(string reason, string message)
    {
        foreach (var waiter in _waiters)
        {
            waiter.Timeout?.Cancel();
            waiter.Result.TrySetException(new StreamStartException(reason, _lastFailure, message));
        }

        _waiters.Clear();
        _waiterCount = 0;
    }
}
