namespace SecureStream.Media.Streams;

/// <summary>
/// <see cref="CameraStream"/>'s loop: it reads the command channel one command at a time, answers
/// whoever waits on a command that failed or came after the release, dispatches the timers' ticks
/// (a tick that was replaced or cancelled does nothing), and releases the stream. The state machine's
/// rules are in the type's remarks; only this loop changes the state.
/// </summary>
internal sealed partial class CameraStream
{
    private async Task RunAsync()
    {
        var reader = _commands.Reader;
        while (!_released && await reader.WaitToReadAsync())
        {
            while (!_released && reader.TryRead(out var command))
            {
                try
                {
                    Handle(command);
                }
#pragma warning disable CA1031 // One faulty command must not kill the camera's owner; it is logged as an error.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.CommandFailed(_logger, Camera, command.GetType().Name, ex);
                    AnswerAfterFailure(command);
                }
            }
        }

        // Released: no command is accepted any more; answer what is still queued.
        _commands.Writer.TryComplete();
        while (reader.TryRead(out var command))
        {
            AnswerAfterRelease(command);
        }

        await Task.WhenAll(_disposals);
        foreach (var ack in _shutdownAcks)
        {
            ack.TrySetResult();
        }
    }

    private void Handle(Command command)
    {
        switch (command)
        {
            case Subscribe subscribe:
                OnSubscribe(subscribe.Waiter);
                break;
            case CancelWait cancel:
                OnCancelWait(cancel.Waiter);
                break;
            case Unsubscribe unsubscribe:
                OnUnsubscribe(unsubscribe.Subscription);
                unsubscribe.Ack.TrySetResult();
                break;
            case StartSucceeded started:
                OnStartSucceeded(started.Generation, started.Tracks);
                break;
            case SourceFailed failed:
                OnSourceFailed(failed.Generation, failed.Reason);
                break;
            case Tick tick:
                OnTick(tick);
                break;
            case Flush flush:
                if (_commands.Reader.Count > 0)
                {
                    _commands.Writer.TryWrite(flush);
                }
                else
                {
                    flush.Ack.TrySetResult();
                }

                break;
            case KeyframeWanted:
                if (_sourceReady)
                {
                    _source?.RequestKeyframe();
                }

                break;
            case Close close:
                Log.Closed(_logger, Camera, close.Reason, _subscribers.Count);
                EndSubscribers(close.Reason);
                FailWaiters(close.Reason, $"camera {Camera} was closed ({close.Reason})");
                Release();
                close.Ack.TrySetResult();
                break;
            case Shutdown shutdown:
                _shutdownAcks.Add(shutdown.Ack);
                EndSubscribers(StreamEndReasons.HubShutdown);
                FailWaiters(StreamEndReasons.HubShutdown, "the stream hub is shutting down");
                Release();
                break;
        }
    }

    /// <summary>Whoever waits on a command whose handler failed is answered, so no caller hangs on a bug.</summary>
    private void AnswerAfterFailure(Command command)
    {
        if (command is Subscribe subscribe)
        {
            _waiters.Remove(subscribe.Waiter);
            _waiterCount = _waiters.Count;
            subscribe.Waiter.Timeout?.Cancel();
            subscribe.Waiter.Result.TrySetException(new StreamStartException("internal_error", null, $"camera {Camera}: the stream could not take the subscriber"));
        }
        else
        {
            if (command is Shutdown or Close && !_released)
            {
                // Stopping must stop even on a bug: the loop ends and the hub forgets the stream.
                _released = true;
                _onReleased(this);
            }

            AnswerAfterRelease(command);
        }
    }

    private void AnswerAfterRelease(Command command)
    {
        switch (command)
        {
            case Subscribe subscribe:
                subscribe.Waiter.Result.TrySetResult(null);
                break;
            case Unsubscribe unsubscribe:
                unsubscribe.Ack.TrySetResult();
                break;
            case Flush flush:
                flush.Ack.TrySetResult();
                break;
            case Close close:
                close.Ack.TrySetResult();
                break;
            case Shutdown shutdown:
                _shutdownAcks.Add(shutdown.Ack);
                break;
        }
    }

    private void OnTick(Tick tick)
    {
        switch (tick.Kind)
        {
            case TickKind.WaiterTimeout:
                OnWaiterTimeout(tick.Waiter!);
                break;
            case TickKind.Watchdog when ReferenceEquals(tick, _watchdog):
                _watchdog = null;
                OnWatchdog();
                break;
            case TickKind.Retry when ReferenceEquals(tick, _retry):
                _retry = null;
                StartAttempt(_retryIndex);
                break;
            case TickKind.GiveUp when ReferenceEquals(tick, _giveUp):
                _giveUp = null;
                OnGiveUp();
                break;
            case TickKind.Deletion when ReferenceEquals(tick, _deletion):
                _deletion = null;
                if (State == CameraStreamState.Draining && _subscribers.Count == 0)
                {
                    Log.Released(_logger, Camera, (long)_settings.UnusedStreamDeletionTimeout.TotalMilliseconds);
                    Release();
                }

                break;
        }
    }

    private void Release()
    {
        StopSource();
        Cancel(ref _deletion);
        Cancel(ref _giveUp);
        FailWaiters(StreamEndReasons.HubShutdown, "the camera stream was released");
        EndSubscribers(StreamEndReasons.HubShutdown);
        SetState(CameraStreamState.Idle);
        _released = true;
        _onReleased(this);
    }

    private void SetState(CameraStreamState state) => _state = (int)state;

    private Tick Arm(TickKind kind, TimeSpan due, Waiter? waiter = null)
    {
        var tick = new Tick(kind, waiter);
        tick.Timer = _time.CreateTimer(
            static state =>
            {
                var (stream, tick) = ((CameraStream, Tick))state!;
                stream._commands.Writer.TryWrite(tick);
            },
            (this, tick),
            due,
            Timeout.InfiniteTimeSpan);
        return tick;
    }

    private static void Cancel(ref Tick? tick)
    {
        tick?.Cancel();
        tick = null;
    }
}
