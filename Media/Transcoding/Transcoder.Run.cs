using System.Buffers;
using SecureStream.Media.Frames;
using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

internal sealed partial class Transcoder
{
    /// <summary>Output that does not parse this many times in one run means ffmpeg emits garbage: the run ends.</summary>
    public const int MaxGarbagePerRun = 16;

    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>One ffmpeg run: camera frames in, transcoded frames out, until ffmpeg exits, hangs, emits garbage, or the camera subscription ends.</summary>
    private async Task<TranscoderRunResult> RunOnceAsync(StreamSubscription camera, bool restart, CancellationToken stop)
    {
        if (restart)
        {
            // Frames queued while the last run failed and during the backoff are stale: the new run
            // starts with what the camera sends from now on (video at its next keyframe).
            while (camera.Frames.TryRead(out _))
            {
            }

            // The new ffmpeg decodes from a keyframe: ask the camera for one now (while ffmpeg
            // starts) rather than leave the viewers without video until the camera's next GOP.
            if (_profile.Source.Kind == TrackKind.Video)
            {
                camera.RequestKeyframe();
            }
        }

        BoxedFfmpeg ffmpeg;
        try
        {
            ffmpeg = await _box.StartAsync(_profile.Job, stop).ConfigureAwait(false);
        }
        catch (FfmpegUnavailableException exception)
        {
            return new TranscoderRunResult(exception.Reason, 0, string.Empty, false);
        }

        await using (ffmpeg.ConfigureAwait(false))
        {
            // Each run is a generation of the fan-out: its GOP starts empty and every viewer's video
            // resumes at this run's first keyframe.
            var generation = Interlocked.Increment(ref _runs);
            Viewers.BeginGeneration(generation);
            Viewers.GoLive(generation);
            var viewers = Viewers.CreateSink(generation, static (_, _) => { });
            Volatile.Write(ref _processId, ffmpeg.ProcessId);
            Log.Started(_logger, Key.Pull.Camera, Key.SourceTrackId, _profile.Source.Codec, Key.Target, ffmpeg.ProcessId);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var activity = new RunActivity(_time.GetTimestamp());
            var clock = new TranscoderClock(_profile.Source.ClockRate, _profile.Output.ClockRate);
            var input = PumpInputAsync(camera, ffmpeg, clock, activity, run.Token);
            var output = PumpOutputAsync(ffmpeg, clock, viewers, activity, run.Token);
            var watchdog = WatchAsync(activity, ffmpeg.ProcessId, run.Token);
            var first = await Task.WhenAny(input, output, watchdog).ConfigureAwait(false);
            var reason = await first.ConfigureAwait(false);
            ffmpeg.Kill();
            await run.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(input, output, watchdog).ConfigureAwait(false);
            Volatile.Write(ref _processId, 0);
            var exitCode = ffmpeg.Exited.IsCompleted ? await ffmpeg.Exited.ConfigureAwait(false) : -1;
            return new TranscoderRunResult(reason, exitCode, ffmpeg.StderrTail, Interlocked.Read(ref activity.LastOutput) != 0);
        }
    }

    private async Task<string> PumpInputAsync(StreamSubscription camera, BoxedFfmpeg ffmpeg, TranscoderClock clock, RunActivity activity, CancellationToken token)
    {
        var writer = new TranscoderInput(_profile, clock);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (await camera.Frames.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (camera.Frames.TryRead(out var frame))
                {
                    buffer.ResetWrittenCount();
                    if (!writer.TryWrite(frame, buffer))
                    {
                        continue;
                    }

                    Interlocked.Exchange(ref activity.LastInput, _time.GetTimestamp());
                    await ffmpeg.Input.WriteAsync(buffer.WrittenMemory, token).ConfigureAwait(false);
                    await ffmpeg.Input.FlushAsync(token).ConfigureAwait(false);
                }
            }

            return "camera_ended";
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return "stopped";
        }
        catch (IOException)
        {
            // ffmpeg closed its stdin: it exited or is exiting; the output side says more.
            await ((Task)ffmpeg.Exited).WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return "exited";
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return "input_error";
        }
    }

    private async Task<string> PumpOutputAsync(BoxedFfmpeg ffmpeg, TranscoderClock clock, IFrameSink viewers, RunActivity activity, CancellationToken token)
    {
        var reader = new TranscoderOutput(_profile.Output, clock, _time, _profile.OpusPacketTicks);
        var buffer = new byte[64 * 1024];
        var frames = new List<MediaFrame>();
        try
        {
            int read;
            while ((read = await ffmpeg.Output.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
            {
                frames.Clear();
                reader.Push(buffer.AsSpan(0, read), frames);
                foreach (var frame in frames)
                {
                    viewers.OnFrame(frame);
                }

                if (frames.Count > 0)
                {
                    Interlocked.Exchange(ref activity.LastOutput, _time.GetTimestamp());
                }

                if (reader.Garbage >= MaxGarbagePerRun)
                {
                    return "garbage_output";
                }
            }

            return "exited";
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return "stopped";
        }
        catch (IOException)
        {
            return "exited";
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return "output_error";
        }
    }

    /// <summary>
    /// Ends the run when input has flowed but nothing came out for <see cref="TranscodingOptions.StallTimeout"/>
    /// while ffmpeg used (almost) no CPU, or for <see cref="TranscodingOptions.EffectiveStallTimeoutMax"/> whatever its CPU (<see cref="StallCheck"/>).
    /// </summary>
    private async Task<string> WatchAsync(RunActivity activity, int processId, CancellationToken token)
    {
        try
        {
            var check = new StallCheck(_options, _box.CpuTime, _time);
            var starvedSince = 0L;
            using var timer = new PeriodicTimer(WatchdogPeriod, _time);
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                var lastOutput = Interlocked.Read(ref activity.LastOutput);
                var since = lastOutput != 0 ? lastOutput : activity.StartedAt;
                var lastInput = Interlocked.Read(ref activity.LastInput);
                switch (check.Check(processId, lastInput > since ? since : null))
                {
                    case StallVerdict.Stalled:
                        return "stalled";
                    case StallVerdict.Starved when starvedSince != since:
                        // Once per silence: a busy machine, not a broken camera or ffmpeg.
                        starvedSince = since;
                        Log.Starved(_logger, Key.Pull.Camera, Key.SourceTrackId, _options.StallTimeout, _options.EffectiveStallTimeoutMax);
                        break;
                }
            }

            return "stopped";
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
    }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of a run's latest input and output (0 before the first).</summary>
    private sealed class RunActivity(long startedAt)
    {
        public readonly long StartedAt = startedAt;
        public long LastInput;
        public long LastOutput;
    }
}
