using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// Starts ffmpeg only inside its box (docs/transcoding.md, "The box"). Shared, one per process.
/// </summary>
/// <remarks>
/// <para><b>Security invariants.</b> A boxed ffmpeg runs in a network namespace of its own with no
/// interface up (<c>unshare --net</c>): it cannot open a socket to anything, whatever it is told.
/// It reads only its stdin and writes only its stdout (<c>-protocol_whitelist pipe</c>, input and
/// output format pinned with <c>-f</c>, <see cref="FfmpegJob"/>); it never sees a camera URL or
/// credentials, and starts with an empty environment so no secret of the gateway's is inherited.
/// <c>prlimit</c> bounds its address space, open files, core dumps (none) and the size of any
/// file it could write (zero: pipes only); <c>nice</c> and one codec thread bound its CPU.</para>
/// <para><b>Fail closed.</b> The box is probed once, on first use, by running ffmpeg in it. When
/// the sandbox cannot be set up (unshare refused, a tool missing) or ffmpeg lacks an encoder,
/// every start throws <see cref="FfmpegUnavailableException"/>: ffmpeg never runs unboxed.</para>
/// </remarks>
internal sealed partial class FfmpegBox
{
    /// <summary>util-linux's unshare: a new network namespace.</summary>
    public const string UnsharePath = "/usr/bin/unshare";

    /// <summary>util-linux's prlimit: resource limits for the command it runs.</summary>
    public const string PrlimitPath = "/usr/bin/prlimit";

    /// <summary>coreutils' nice: lower CPU priority.</summary>
    public const string NicePath = "/usr/bin/nice";

    /// <summary>The probe's stall timeout (<see cref="StallCheck"/>): no answer this long with no CPU used, or four times this long.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How often a one-shot run's stall check looks: a decode normally takes about 0.1 s.</summary>
    private static readonly TimeSpan OneShotWatchPeriod = TimeSpan.FromMilliseconds(100);
    private readonly TranscodingOptions _options;
    private readonly ILogger<FfmpegBox> _logger;
    private readonly Lazy<Task<string?>> _probe;

    public FfmpegBox(IOptions<TranscodingOptions> options, ILogger<FfmpegBox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _probe = new Lazy<Task<string?>>(ProbeAsync);
    }

    /// <summary>Reads a boxed ffmpeg's CPU time (by its <see cref="BoxedFfmpeg.ProcessId"/>), or nothing where the platform cannot tell.</summary>
    public IProcessCpuTime CpuTime { get; init; } = ProcessCpuTime.Instance;

    /// <summary>Null when boxed ffmpeg works here; else why not (<c>ffmpeg_missing</c>, <c>sandbox_unavailable</c>, <c>ffmpeg_unusable</c>, <c>encoder_missing</c>). Probed once.</summary>
    public Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken) => _probe.Value.WaitAsync(cancellationToken);

    /// <summary>Starts <paramref name="job"/> in the box; throws <see cref="FfmpegUnavailableException"/> when the box is unavailable.</summary>
    public async Task<BoxedFfmpeg> StartAsync(FfmpegJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await StartArgumentsAsync(job.ToArguments(_options.ThreadsPerTranscoder), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="job"/> once on <paramref name="input"/> (e.g. one keyframe to one JPEG):
    /// at most <paramref name="maxOutputBytes"/> of output, else killed. It is killed as stalled
    /// (<c>timeout</c>) when unfinished after <paramref name="timeout"/> having used less than
    /// <see cref="TranscodingOptions.StallMinCpuProgress"/> of CPU in it, or after four times
    /// <paramref name="timeout"/> whatever its CPU (<see cref="StallCheck"/>): a busy machine that
    /// starves the niced ffmpeg slows it down but does not fail it.
    /// </summary>
    public async Task<FfmpegRunResult> RunOnceAsync(FfmpegJob job, ReadOnlyMemory<byte> input, int maxOutputBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (await UnavailableReasonAsync(cancellationToken).ConfigureAwait(false) is { } reason)
        {
            return new FfmpegRunResult(null, reason, string.Empty);
        }

        await using var ffmpeg = await StartAsync(job, cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchOnceAsync(ffmpeg.ProcessId, timeout, deadline);
        var write = WriteAllAsync(ffmpeg.Input, input, deadline.Token);
        var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await ffmpeg.Output.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
            {
                if (output.Length + read > maxOutputBytes)
                {
                    return new FfmpegRunResult(null, "output_too_large", ffmpeg.StderrTail);
                }

                output.Write(buffer, 0, read);
            }

            await write.ConfigureAwait(false);
            var exitCode = await ffmpeg.Exited.WaitAsync(deadline.Token).ConfigureAwait(false);
            if (exitCode != 0)
            {
                return new FfmpegRunResult(null, "exit_code", ffmpeg.StderrTail);
            }

            return output.Length == 0
                ? new FfmpegRunResult(null, "no_output", ffmpeg.StderrTail)
                : new FfmpegRunResult(output.ToArray(), null, ffmpeg.StderrTail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FfmpegRunResult(null, "timeout", ffmpeg.StderrTail);
        }
        catch (IOException)
        {
            return new FfmpegRunResult(null, "exit_code", ffmpeg.StderrTail);
        }
        finally
        {
            await deadline.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts ffmpeg with exactly these arguments inside the namespace and limits. Only
    /// <see cref="StartAsync"/> and tests (which show that the namespace alone refuses the
    /// network, whatever the arguments) call it directly.
    /// </summary>
    internal async Task<BoxedFfmpeg> StartArgumentsAsync(IReadOnlyList<string> ffmpegArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ffmpegArguments);
        if (await UnavailableReasonAsync(cancellationToken).ConfigureAwait(false) is { } reason)
        {
            throw new FfmpegUnavailableException(reason);
        }

        return new BoxedFfmpeg(StartProcess(ffmpegArguments));
    }

    private Process StartProcess(IReadOnlyList<string> ffmpegArguments)
    {
        var start = new ProcessStartInfo(UnsharePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };

        // Nothing of the gateway's environment (secrets, proxies, credentials) reaches ffmpeg.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["LC_ALL"] = "C";
        foreach (var argument in BoxArguments())
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in ffmpegArguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new FfmpegUnavailableException("start_failed");
    }

    /// <summary>unshare, prlimit and nice, ending with the ffmpeg program: each execs the next, so the process is ffmpeg itself.</summary>
    private IEnumerable<string> BoxArguments()
    {
        var culture = CultureInfo.InvariantCulture;
        return
        [
            "--net", "--",
            PrlimitPath,
            "--as=" + _options.MemoryLimitBytes.ToString(culture),
            "--nofile=" + _options.MaxOpenFiles.ToString(culture),
            "--core=0",
            "--fsize=0",
            "--",
            NicePath, "-n", _options.NiceLevel.ToString(culture),
            _options.FfmpegPath,
        ];
    }

    private async Task<string?> ProbeAsync()
    {
        var reason = await ProbeReasonAsync().ConfigureAwait(false);
        if (reason is null)
        {
            Log.BoxReady(_logger, _options.FfmpegPath, _options.MemoryLimitBytes, _options.MaxOpenFiles, _options.NiceLevel);
        }

        return reason;
    }

    private async Task<string?> ProbeReasonAsync()
    {
        if (!File.Exists(_options.FfmpegPath))
        {
            Log.BoxUnavailable(_logger, "ffmpeg_missing", $"{_options.FfmpegPath} does not exist; install Debian's ffmpeg or set {TranscodingOptions.Section}:{nameof(TranscodingOptions.FfmpegPath)}");
            return "ffmpeg_missing";
        }

        foreach (var tool in (string[])[UnsharePath, PrlimitPath, NicePath])
        {
            if (!File.Exists(tool))
            {
                Log.BoxUnavailable(_logger, "sandbox_unavailable", $"{tool} does not exist; install util-linux and coreutils");
                return "sandbox_unavailable";
            }
        }

        // The probe runs ffmpeg in the box exactly as a transcoder would: if unshare is refused
        // (no CAP_SYS_ADMIN, user namespaces off) this fails, and so does every later start.
        try
        {
            await using var ffmpeg = new BoxedFfmpeg(StartProcess(["-hide_banner", "-loglevel", "error", "-encoders"]));
            ffmpeg.Input.Close();
            // Watched like any one-shot run, not on the wall clock alone: the answer is kept for the
            // process's life, and a busy start-up must not turn a slow probe into no transcoding.
            using var timeout = new CancellationTokenSource();
            var watch = WatchOnceAsync(ffmpeg.ProcessId, ProbeTimeout, timeout);
            using var reader = new StreamReader(ffmpeg.Output);
            string encoders;
            int exitCode;
            try
            {
                encoders = await reader.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
                exitCode = await ffmpeg.Exited.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                await timeout.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }

            if (exitCode != 0)
            {
                Log.BoxUnavailable(_logger, "sandbox_unavailable", $"ffmpeg in the box exited with {exitCode}: {ffmpeg.StderrTail.Trim()}");
                return "sandbox_unavailable";
            }

            foreach (var encoder in (string[])["libx264", "libopus"])
            {
                if (!encoders.Contains(" " + encoder + " ", StringComparison.Ordinal))
                {
                    Log.BoxUnavailable(_logger, "encoder_missing", $"{_options.FfmpegPath} has no {encoder} encoder; install Debian's ffmpeg");
                    return "encoder_missing";
                }
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.BoxUnavailable(_logger, "ffmpeg_unusable", exception.Message);
            return "ffmpeg_unusable";
        }
    }

    /// <summary>Cancels <paramref name="deadline"/> when the one-shot run is stalled (<see cref="RunOnceAsync"/>); ends when it is cancelled.</summary>
    private async Task WatchOnceAsync(int processId, TimeSpan timeout, CancellationTokenSource deadline)
    {
        var time = TimeProvider.System;
        var check = new StallCheck(timeout, timeout * 4, _options.StallMinCpuProgress, CpuTime, time);
        var started = time.GetTimestamp();
        try
        {
            using var timer = new PeriodicTimer(OneShotWatchPeriod, time);
            while (await timer.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false))
            {
                if (check.Check(processId, started) == StallVerdict.Stalled)
                {
                    await deadline.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended (or its caller gave up) first.
        }
    }

    private static async Task WriteAllAsync(Stream input, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await input.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // ffmpeg stopped reading (it failed, had enough, or was killed at the deadline); the caller's result says which.
        }
        finally
        {
            try
            {
                input.Close();
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                // Already broken or gone.
            }
        }
    }
}
