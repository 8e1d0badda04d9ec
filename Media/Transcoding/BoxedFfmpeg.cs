using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// One running ffmpeg inside the box (<see cref="FfmpegBox"/>): data goes in through
/// <see cref="Input"/> (its stdin) and comes out of <see cref="Output"/> (its stdout); its stderr
/// is kept as a bounded tail for diagnostics. Disposing kills it and waits (bounded) for it to go.
/// </summary>
internal sealed class BoxedFfmpeg : IAsyncDisposable
{
    /// <summary>Most stderr characters kept: enough for ffmpeg's last few error lines, never more whatever it prints.</summary>
    public const int StderrTailChars = 2048;

    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);
    private readonly Process _process;
    private readonly StringBuilder _tail = new();
    private readonly Lock _tailLock = new();
    private readonly Task _stderrPump;
    private int _disposed;

    internal BoxedFfmpeg(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        Input = process.StandardInput.BaseStream;
        Output = process.StandardOutput.BaseStream;
        Exited = WaitForExitAsync(process);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>ffmpeg's stdin.</summary>
    public Stream Input { get; }

    /// <summary>ffmpeg's stdout.</summary>
    public Stream Output { get; }

    /// <summary>Completes with the exit code when ffmpeg has exited (137 or -1 after <see cref="Kill"/>).</summary>
    public Task<int> Exited { get; }

    public int ProcessId { get; }

    /// <summary>The last <see cref="StderrTailChars"/> characters ffmpeg wrote to stderr (it logs errors only).</summary>
    public string StderrTail
    {
        get
        {
            lock (_tailLock)
            {
                return _tail.ToString();
            }
        }
    }

    /// <summary>Kills ffmpeg (SIGKILL) if it still runs; never throws.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting as we asked.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        try
        {
            await Exited.WaitAsync(ExitWait).ConfigureAwait(false);
            await _stderrPump.WaitAsync(ExitWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A process that outlives SIGKILL for 5 s is stuck in the kernel; nothing more to do from here.
        }

        _process.Dispose();
    }

    private static async Task<int> WaitForExitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[512];
        try
        {
            var reader = _process.StandardError;
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_tailLock)
                {
                    _tail.Append(buffer, 0, read);
                    if (_tail.Length > StderrTailChars)
                    {
                        _tail.Remove(0, _tail.Length - StderrTailChars);
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke as the process died: the tail keeps what arrived.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while reading.
        }
    }
}
